using System.Diagnostics;
using System.Threading.Channels;
using Conference.Core.Media;
using Conference.Media.Reports;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Transcription;

/// <summary>Counts for /v1/stats and the note's figures; written by the workers, read loosely.</summary>
public sealed class TranscriptionCounters
{
    public long Queued;
    public long Transcribed;
    public long Empty;
    public long Dropped;
    public long Failed;
    public long AudioTicks;
    public long BusyTicks;
    public long DelayTicksTotal;
    public long DelayTicksMax;
}

/// <summary>
/// Transcribes utterances off the room clock: <see cref="Workers"/> loops, each with its own bounded
/// backlog, a leg always on the same one so its turns are transcribed in order. <see cref="Submit"/>
/// never blocks: when the leg's backlog is full the utterance is dropped, counted and logged. Each
/// transcript is reported to the control plane as a <see cref="TranscriptSegment"/>.
/// </summary>
public sealed class TranscriptionWorker : IAsyncDisposable
{
    private readonly Channel<Utterance>[] _backlogs;
    private readonly Task[] _loops;
    private readonly ISpeechToText _engine;
    private readonly IReportSink _reports;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();

    public TranscriptionWorker(ISpeechToText engine, IReportSink reports, ILogger logger, int workers = 1, int backlogPerWorker = 16)
    {
        _engine = engine;
        _reports = reports;
        _logger = logger;
        Workers = Math.Max(1, workers);
        _backlogs = Enumerable.Range(0, Workers)
            .Select(_ => Channel.CreateBounded<Utterance>(new BoundedChannelOptions(backlogPerWorker) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))
            .ToArray();
        _loops = _backlogs.Select((b, i) => RunOnOwnThread(b.Reader, i)).ToArray();
    }

    public int Workers { get; }
    public ISpeechToText Engine => _engine;
    public TranscriptionCounters Counters { get; } = new();
    public int Backlog => _backlogs.Sum(b => b.Reader.Count);

    /// <summary>Takes an utterance to transcribe; called on the clock thread, so it only queues.</summary>
    public void Submit(Utterance utterance)
    {
        var backlog = _backlogs[(int)((uint)utterance.LegId.GetHashCode() % (uint)_backlogs.Length)];
        if (backlog.Writer.TryWrite(utterance))
        {
            Interlocked.Increment(ref Counters.Queued);
            return;
        }
        var dropped = Interlocked.Increment(ref Counters.Dropped);
        _logger.LogWarning("Transcription cannot keep up: a {Seconds:F1} s utterance of leg {Leg} in room {Room} was dropped ({Dropped} dropped so far)",
            utterance.Duration.TotalSeconds, utterance.LegId, utterance.RoomId, dropped);
        utterance.Release();
    }

    /// <summary>
    /// A worker on a thread of its own, at a lower scheduling priority (nice 10) than the room clocks,
    /// so that decoding on a busy machine yields the core to a tick that is due. The local engine decodes
    /// on this thread; the Azure engine only waits on it for its answer.
    /// </summary>
    private Task RunOnOwnThread(ChannelReader<Utterance> reader, int index)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerThisThreadsPriority();
            try
            {
                while (reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                {
                    while (reader.TryRead(out var utterance))
                    {
                        TranscribeAsync(utterance).GetAwaiter().GetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            finally
            {
                finished.SetResult();
            }
        })
        { IsBackground = true, Name = $"transcription-{index}" };
        thread.Start();
        return finished.Task;
    }

    private static void LowerThisThreadsPriority()
    {
        // On Linux a nice value is per thread: PRIO_PROCESS with 0 names the calling thread. Raising it needs no privilege.
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(0, 0, 10);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int niceValue);

    private async Task TranscribeAsync(Utterance utterance)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var text = await _engine.RecognizeAsync(utterance.Audio, utterance.Language, _stop.Token);
            if (text.Length == 0)
            {
                Interlocked.Increment(ref Counters.Empty);
                return;
            }
            _reports.Report(new TranscriptSegment(Guid.NewGuid(), utterance.RoomId, utterance.TranscribeId, utterance.LegId, "in", text, utterance.Started));
            Interlocked.Increment(ref Counters.Transcribed);
            var delay = Stopwatch.GetTimestamp() - utterance.EndedTimestamp;
            Interlocked.Add(ref Counters.DelayTicksTotal, delay);
            long max;
            while (delay > (max = Interlocked.Read(ref Counters.DelayTicksMax)) && Interlocked.CompareExchange(ref Counters.DelayTicksMax, delay, max) != max)
            {
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref Counters.Failed);
            _logger.LogWarning("The {Engine} engine could not transcribe a {Seconds:F1} s utterance of leg {Leg}: {Error}",
                _engine.Name, utterance.Duration.TotalSeconds, utterance.LegId, e.Message);
        }
        finally
        {
            Interlocked.Add(ref Counters.AudioTicks, utterance.Duration.Ticks);
            Interlocked.Add(ref Counters.BusyTicks, Stopwatch.GetElapsedTime(started).Ticks);
            utterance.Release();
        }
    }

    /// <summary>Waits until every queued utterance is transcribed (for an orderly stop and for tests).</summary>
    public async Task DrainAsync(TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref Counters.Queued) > Interlocked.Read(ref Counters.Transcribed) + Interlocked.Read(ref Counters.Empty) + Interlocked.Read(ref Counters.Failed)
               && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backlog in _backlogs)
        {
            backlog.Writer.TryComplete();
        }
        await Task.WhenAny(Task.WhenAll(_loops), Task.Delay(TimeSpan.FromSeconds(10)));
        _stop.Cancel();
        while (_backlogs.Any(b => b.Reader.TryRead(out var left) && Release(left)))
        {
        }
        (_engine as IDisposable)?.Dispose();
    }

    private static bool Release(Utterance utterance)
    {
        utterance.Release();
        return true;
    }
}
