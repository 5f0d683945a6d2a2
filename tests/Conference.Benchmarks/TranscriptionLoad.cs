using System.Diagnostics;
using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Rooms;
using Conference.Media.Transcription;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Benchmarks;

/// <summary>
/// Transcription figures on Debian's recorded speech: word error rate, real-time factor and CPU per
/// stream of the PocketSphinx engine at 16 kHz and through a G.711 leg, beside Debian's own
/// <c>pocketsphinx_continuous</c> on the same files (the baseline); then how many legs speaking at
/// once ONE transcription worker keeps up with, in real time through a room (drops, backlog, delay).
/// </summary>
public static class TranscriptionLoad
{
    private static readonly short[] Silence = new short[AudioFormat.FrameSamples];

    public static async Task<int> RunAsync(int seconds, int maxLegs)
    {
        var utterances = Speech.Utterances;
        var audioSeconds = utterances.Sum(u => u.Audio.Length) / (double)AudioFormat.SampleRate;
        Console.WriteLine($"{utterances.Count} utterances, {audioSeconds:F1} s of speech");
        using (var engine = new PocketSphinxSpeechToText())
        {
            await engine.RecognizeAsync(new short[AudioFormat.SampleRate], "en-US", CancellationToken.None);
            foreach (var (label, leg) in new (string, Func<short[], short[]>)[] { ("16 kHz leg", a => a), ("8 kHz G.711 leg", Speech.ThroughTelephone) })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var pairs = new List<(string, string)>();
                foreach (var u in utterances)
                {
                    pairs.Add((u.Reference, await engine.RecognizeAsync(leg(u.Audio), "en-US", CancellationToken.None)));
                }
                var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine($"engine pocketsphinx (P/Invoke, decoder kept), {label}: WER {Speech.WordErrorRate(pairs):P1}, real-time factor {wall.Elapsed.TotalSeconds / audioSeconds:F3}, CPU {used / audioSeconds:F3} core-seconds per second of speech");
            }
        }
        Baseline(utterances, audioSeconds);

        for (var legs = 1; legs <= maxLegs; legs++)
        {
            await LegsAtOnceAsync(legs, seconds);
        }
        return 0;
    }

    /// <summary>Debian's decoder from the command line, one process per file (it loads its model each time).</summary>
    private static void Baseline(IReadOnlyList<Speech.Utterance> utterances, double audioSeconds)
    {
        var pairs = new List<(string, string)>();
        var wall = Stopwatch.StartNew();
        var children = ChildrenCpuSeconds();
        foreach (var u in utterances)
        {
            var start = new ProcessStartInfo("pocketsphinx_continuous") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-infile", Path.Combine(Speech.Directory, u.Name + ".wav"), "-logfn", "/dev/null" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            pairs.Add((u.Reference, text.Trim()));
        }
        var cpu = ChildrenCpuSeconds() - children;
        Console.WriteLine($"baseline pocketsphinx_continuous (a process per file), 16 kHz: WER {Speech.WordErrorRate(pairs):P1}, real-time factor {wall.Elapsed.TotalSeconds / audioSeconds:F3}, CPU {cpu / audioSeconds:F3} core-seconds per second of speech");
    }

    /// <summary>CPU time of this process's finished children (cutime + cstime of /proc/self/stat, in 1/100 s).</summary>
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
        return (long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0;
    }

    /// <summary>
    /// <paramref name="legs"/> participants reading the utterances over and over (a second's pause
    /// between), each starting at a different one, for <paramref name="seconds"/> in real time, into a
    /// room transcribed by one worker; then the backlog is left to drain.
    /// </summary>
    private static async Task LegsAtOnceAsync(int legs, int seconds)
    {
        var reports = new CollectingReports();
        await using var worker = new TranscriptionWorker(new PocketSphinxSpeechToText(), reports, NullLogger.Instance, workers: 1, backlogPerWorker: 16);
        var room = new Room(Guid.NewGuid(), comfortNoise: false, Silence, reports);
        var speakers = Enumerable.Range(0, legs).Select(i => (Leg: new FakeLeg(), Script: Script(i))).ToArray();
        foreach (var s in speakers)
        {
            room.Add(s.Leg);
        }
        room.StartTranscription(new RoomTranscription(room.Id, Guid.NewGuid(), "en-US", worker));
        var ticks = seconds * 50;
        long slowestTick = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(AudioFormat.FrameMilliseconds));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var tick = 0; tick < ticks && await timer.WaitForNextTickAsync(); tick++)
        {
            foreach (var (leg, script) in speakers)
            {
                var offset = tick * AudioFormat.FrameSamples % (script.Length - AudioFormat.FrameSamples);
                leg.Say(script.AsSpan(offset, AudioFormat.FrameSamples).ToArray());
            }
            var started = Stopwatch.GetTimestamp();
            room.Tick();
            slowestTick = Math.Max(slowestTick, Stopwatch.GetTimestamp() - started);
            foreach (var (leg, _) in speakers)
            {
                leg.Heard.Clear();
            }
        }
        var backlogAtEnd = worker.Backlog;
        room.StopTranscription(Guid.Empty);
        var drain = Stopwatch.StartNew();
        await worker.DrainAsync(TimeSpan.FromMinutes(5));
        var c = worker.Counters;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"{legs} legs speaking at once, {seconds} s, one worker: {c.Queued} utterances queued, {c.Transcribed} transcribed, {c.Dropped} dropped, " +
                          $"backlog at the end {backlogAtEnd} (drained in {drain.Elapsed.TotalSeconds:F1} s), delay after the turn mean {Mean(c):F0} ms max {Stopwatch.GetElapsedTime(0, c.DelayTicksMax).TotalMilliseconds:F0} ms, " +
                          $"worker busy {TimeSpan.FromTicks(c.BusyTicks).TotalSeconds / (seconds + drain.Elapsed.TotalSeconds):P0}, process CPU {used / (seconds + drain.Elapsed.TotalSeconds):F2} cores, slowest tick {Stopwatch.GetElapsedTime(0, slowestTick).TotalMilliseconds:F2} ms");
    }

    private static double Mean(TranscriptionCounters c) => c.Transcribed == 0 ? 0 : Stopwatch.GetElapsedTime(0, c.DelayTicksTotal / c.Transcribed).TotalMilliseconds;

    /// <summary>Every utterance with a second of silence after it, starting from the <paramref name="first"/>.</summary>
    private static short[] Script(int first)
    {
        var all = Speech.Utterances;
        return Enumerable.Range(0, all.Count).SelectMany(i => all[(first + i) % all.Count].Audio.Concat(new short[AudioFormat.SampleRate])).ToArray();
    }
}
