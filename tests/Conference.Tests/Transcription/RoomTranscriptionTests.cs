using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Rooms;
using Conference.Media.Transcription;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Conference.Tests.Transcription;

/// <summary>
/// A room's transcription with the real engine on real speech: each participant's own audio, cut into
/// turns by the talk detector, transcribed apart from the others and attributed to it.
/// </summary>
public sealed class RoomTranscriptionTests(ITestOutputHelper output)
{
    private static readonly short[] Silence = new short[AudioFormat.FrameSamples];

    private sealed class Scene : IAsyncDisposable
    {
        public Scene(ISpeechToText engine, int backlog = 16)
        {
            Worker = new TranscriptionWorker(engine, Reports, NullLogger.Instance, workers: 2, backlogPerWorker: backlog);
            Room = new Room(Guid.NewGuid(), comfortNoise: false, Silence, Reports);
            Room.Add(A);
            Room.Add(B);
            Assert.True(Room.StartTranscription(new RoomTranscription(Room.Id, TranscribeId, "en-US", Worker)));
        }

        public CollectingReports Reports { get; } = new();
        public TranscriptionWorker Worker { get; }
        public Room Room { get; }
        public FakeLeg A { get; } = new();
        public FakeLeg B { get; } = new();
        public Guid TranscribeId { get; } = Guid.NewGuid();

        /// <summary>One leg says the samples while the other is silent, then both are silent for a second.</summary>
        public void Turn(FakeLeg speaker, short[] audio)
        {
            var other = speaker == A ? B : A;
            for (var offset = 0; offset + AudioFormat.FrameSamples <= audio.Length; offset += AudioFormat.FrameSamples)
            {
                speaker.Say(audio[offset..(offset + AudioFormat.FrameSamples)]);
                other.Say(Silence);
                Room.Tick();
            }
            Quiet(50);
        }

        public void Quiet(int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                A.Say(Silence);
                B.Say(Silence);
                Room.Tick();
            }
        }

        public ValueTask DisposeAsync() => Worker.DisposeAsync();
    }

    [Fact]
    public async Task Two_participants_speaking_in_turns_get_their_own_transcripts_in_order()
    {
        await using var scene = new Scene(new PocketSphinxSpeechToText());
        var turns = Speech.Utterances.Select((u, i) => (Leg: i % 2 == 0 ? scene.A : scene.B, u)).ToArray();

        foreach (var (leg, utterance) in turns)
        {
            scene.Turn(leg, utterance.Audio);
        }
        await scene.Worker.DrainAsync(TimeSpan.FromSeconds(60));

        var segments = scene.Reports.OfType<TranscriptSegment>().OrderBy(s => s.At).ToArray();
        foreach (var segment in segments)
        {
            output.WriteLine($"{(segment.LegId == scene.A.Id ? "A" : "B")}: {segment.Message}");
        }
        Assert.Equal(turns.Length, segments.Length);
        Assert.Equal(turns.Select(t => t.Leg.Id), segments.Select(s => s.LegId));
        Assert.All(segments, s => Assert.Equal((scene.Room.Id, scene.TranscribeId, "in"), (s.RoomId, s.TranscribeId, s.Direction)));
        var wer = Speech.WordErrorRate(turns.Zip(segments, (t, s) => (t.u.Reference, s.Message)));
        output.WriteLine($"WER through the room: {wer:P1}");
        Assert.InRange(wer, 0, 0.40);
        Assert.Equal(0, scene.Worker.Counters.Dropped);
    }

    [Fact]
    public async Task A_muted_participant_is_not_transcribed()
    {
        await using var scene = new Scene(new PocketSphinxSpeechToText());
        scene.B.Muted = true;

        scene.Turn(scene.A, Speech.Utterances[1].Audio);
        scene.Turn(scene.B, Speech.Utterances[4].Audio);
        await scene.Worker.DrainAsync(TimeSpan.FromSeconds(30));

        var segment = Assert.Single(scene.Reports.OfType<TranscriptSegment>());
        Assert.Equal(scene.A.Id, segment.LegId);
    }

    [Fact]
    public async Task Stopping_transcribes_the_turn_in_progress_and_nothing_after()
    {
        await using var scene = new Scene(new PocketSphinxSpeechToText());
        var audio = Speech.Utterances[4].Audio;
        var half = audio.Length / 2 / AudioFormat.FrameSamples * AudioFormat.FrameSamples;

        for (var offset = 0; offset < half; offset += AudioFormat.FrameSamples)
        {
            scene.A.Say(audio[offset..(offset + AudioFormat.FrameSamples)]);
            scene.B.Say(Silence);
            scene.Room.Tick();
        }
        scene.Room.StopTranscription(scene.TranscribeId);
        scene.Turn(scene.A, Speech.Utterances[1].Audio);
        await scene.Worker.DrainAsync(TimeSpan.FromSeconds(30));

        var segment = Assert.Single(scene.Reports.OfType<TranscriptSegment>());
        Assert.Contains("might", segment.Message);
        Assert.Null(scene.Room.Transcription);
    }

    /// <summary>An engine slower than speech: the backlog fills, the rest is dropped and counted, and the room's tick never waits.</summary>
    private sealed class StuckEngine : ISpeechToText
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "stuck";
        public bool Supports(string language) => true;

        public async Task<string> RecognizeAsync(ReadOnlyMemory<short> audio, string language, CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            return "words";
        }
    }

    [Fact]
    public async Task When_the_engine_cannot_keep_up_utterances_are_dropped_and_counted_and_the_tick_never_waits()
    {
        var engine = new StuckEngine();
        await using var scene = new Scene(engine, backlog: 1);
        var word = Speech.Utterances[1].Audio;

        var ticking = System.Diagnostics.Stopwatch.StartNew();
        scene.Turn(scene.A, word);
        // The worker has taken the first turn and is stuck on it.
        await Eventually.TrueAsync(() => Task.FromResult(scene.Worker.Backlog == 0), TimeSpan.FromSeconds(10), "The worker never took the first turn.");
        for (var i = 1; i < 6; i++)
        {
            scene.Turn(scene.A, word);
        }
        ticking.Stop();
        engine.Release.SetResult();
        await scene.Worker.DrainAsync(TimeSpan.FromSeconds(10));

        // One being transcribed, one waiting; the other four dropped.
        Assert.Equal(4, scene.Worker.Counters.Dropped);
        Assert.Equal(2, scene.Reports.OfType<TranscriptSegment>().Count);
        output.WriteLine($"{scene.Room.Ticks} ticks in {ticking.Elapsed.TotalMilliseconds:F0} ms");
    }
}
