using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Rooms;

/// <summary>
/// Ticks rooms every 20 ms. One clock thread per core, each ticking the rooms given to it, so 50
/// rooms do not need 50 threads and a room with nothing to do is not ticked at all (it leaves its
/// thread's list and comes back when a leg, prompt or recording arrives). Each thread sleeps to
/// within 3 ms of the tick and spins the rest, records how late each tick started, and when it
/// falls a whole tick behind counts the missed ticks and realigns instead of bursting to catch up.
/// </summary>
public sealed class RoomClock : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(Audio.AudioFormat.FrameMilliseconds);
    private readonly ClockThread[] _threads;
    private readonly ILogger _logger;

    public RoomClock(ILogger logger, int threads = 0)
    {
        _logger = logger;
        _threads = Enumerable.Range(0, threads > 0 ? threads : Environment.ProcessorCount).Select(i => new ClockThread(this, i)).ToArray();
    }

    public IReadOnlyList<ClockStats> Stats => _threads.Select(t => t.Stats()).ToArray();

    /// <summary>Makes sure the room is ticking (a leg, prompt or recording arrived).</summary>
    public void Wake(Room room)
    {
        lock (_threads)
        {
            if (room.Scheduled)
            {
                return;
            }
            room.Scheduled = true;
            _threads.MinBy(t => t.Count)!.Add(room);
        }
    }

    private bool RetireIfIdle(ClockThread thread, Room room)
    {
        lock (_threads)
        {
            if (!room.IsIdle)
            {
                return false;
            }
            room.Scheduled = false;
            thread.Remove(room);
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var thread in _threads)
        {
            thread.Stop();
        }
    }

    private sealed class ClockThread
    {
        private readonly RoomClock _clock;
        private readonly Thread _thread;
        private readonly LatenessHistogram _lateness = new();
        private volatile bool _stopping;
        private Room[] _rooms = [];
        private long _ticks;
        private long _missed;
        private long _failures;
        private long _busyTicks;

        public ClockThread(RoomClock clock, int index)
        {
            _clock = clock;
            _thread = new Thread(Run) { IsBackground = true, Name = $"room-clock-{index}", Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        public int Count => Volatile.Read(ref _rooms).Length;

        public void Add(Room room) => Volatile.Write(ref _rooms, [.. _rooms, room]);

        public void Remove(Room room) => Volatile.Write(ref _rooms, _rooms.Where(r => r != room).ToArray());

        public void Stop()
        {
            _stopping = true;
            _thread.Join(TimeSpan.FromSeconds(1));
        }

        public ClockStats Stats() => new(_thread.Name!, Count, Interlocked.Read(ref _ticks), Interlocked.Read(ref _missed), Interlocked.Read(ref _failures),
            _lateness.Percentile(0.5), _lateness.Percentile(0.99), _lateness.Max, TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)));

        private void Run()
        {
            var interval = Stopwatch.Frequency * Interval.Ticks / TimeSpan.TicksPerSecond;
            var next = Stopwatch.GetTimestamp() + interval;
            while (!_stopping)
            {
                WaitUntil(next, spin: Count > 0);
                var start = Stopwatch.GetTimestamp();
                var rooms = Volatile.Read(ref _rooms);
                if (rooms.Length > 0)
                {
                    _lateness.Record(Stopwatch.GetElapsedTime(next, start));
                    foreach (var room in rooms)
                    {
                        try
                        {
                            room.Tick();
                        }
                        catch (Exception e)
                        {
                            Interlocked.Increment(ref _failures);
                            _clock._logger.LogError(e, "Room {Room} failed a tick; it keeps its clock", room.Id);
                        }
                        if (room.IsIdle)
                        {
                            _clock.RetireIfIdle(this, room);
                        }
                    }
                    Interlocked.Increment(ref _ticks);
                    Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(start).Ticks);
                }
                next += interval;
                var behind = Stopwatch.GetTimestamp() - next;
                if (behind >= interval)
                {
                    var missed = behind / interval;
                    Interlocked.Add(ref _missed, missed);
                    next += missed * interval;
                }
            }
        }

        /// <summary>Sleeps to within 3 ms of the deadline, then spins; a thread with no rooms only sleeps.</summary>
        private static void WaitUntil(long deadline, bool spin)
        {
            var spinFrom = spin ? Stopwatch.Frequency * 3 / 1000 : 0;
            while (true)
            {
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    return;
                }
                if (remaining > spinFrom)
                {
                    Thread.Sleep(Math.Max(1, (int)((remaining - spinFrom) * 1000 / Stopwatch.Frequency)));
                }
                else
                {
                    Thread.SpinWait(64);
                }
            }
        }
    }
}

public sealed record ClockStats(string Thread, int Rooms, long Ticks, long MissedTicks, long FailedTicks, TimeSpan LatenessP50, TimeSpan LatenessP99, TimeSpan LatenessMax, TimeSpan Busy);

/// <summary>Tick lateness in 10 µs buckets up to 100 ms; one writer, loose readers, no allocation.</summary>
public sealed class LatenessHistogram
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100;
    private readonly long[] _buckets = new long[10_001];
    private long _count;
    private long _max;

    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _max));

    public void Record(TimeSpan lateness)
    {
        var ticks = Math.Max(0, lateness.Ticks);
        _buckets[Math.Min(_buckets.Length - 1, ticks / BucketTicks)]++;
        Interlocked.Increment(ref _count);
        if (ticks > _max)
        {
            Interlocked.Exchange(ref _max, ticks);
        }
    }

    public TimeSpan Percentile(double fraction)
    {
        var total = Interlocked.Read(ref _count);
        if (total == 0)
        {
            return TimeSpan.Zero;
        }
        var wanted = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= wanted)
            {
                return TimeSpan.FromTicks((i + 1) * BucketTicks);
            }
        }
        return Max;
    }
}
