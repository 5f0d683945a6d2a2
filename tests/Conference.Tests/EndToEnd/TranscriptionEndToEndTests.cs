using System.Net;
using System.Text.Json;
using Conference.Tests.Support;
using Xunit.Abstractions;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// Transcription through the whole local stack: two people on the WebSocket path read recorded English
/// in turns while the conference is transcribed by the media host's PocketSphinx; the transcripts are
/// stored, attributed, delivered on the webhook and listed. A stack of its own, run with nothing
/// else: it counts the room clock's missed ticks, which other tests' load would cause.
/// </summary>
[Collection(QuietLocalStackCollection.Name)]
public sealed class TranscriptionEndToEndTests(QuietLocalStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HttpClient _api = stack.Api();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.PutJsonAsync("v1.0/customer", new { webhook_uri = _receiver.Uri.ToString(), webhook_format = "voipbin" })).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _api.PutJsonAsync("v1.0/customer", new { webhook_uri = "" });
        await _receiver.DisposeAsync();
    }

    private async Task<JsonElement> MediaStatsAsync()
    {
        using var media = stack.Media();
        return await (await media.GetAsync("v1/stats")).JsonAsync();
    }

    /// <summary>The room clocks' ticks and missed ticks, and the seconds the decoders have spent decoding.</summary>
    private static (long Ticks, long Missed, double Decoding) ClockTicks(JsonElement stats) =>
        (stats.GetProperty("clocks").EnumerateArray().Sum(c => c.GetProperty("ticks").GetInt64()),
         stats.GetProperty("clocks").EnumerateArray().Sum(c => c.GetProperty("missed_ticks").GetInt64()),
         stats.GetProperty("transcription").GetProperty("busy_seconds").GetDouble());

    private async Task<JsonElement[]> TranscriptsAsync(Guid transcribe) =>
        [.. (await (await _api.GetAsync($"v1.0/transcripts?transcribe_id={transcribe}")).JsonAsync()).GetProperty("result").EnumerateArray()
            .OrderBy(t => t.GetProperty("tm_transcript").GetString(), StringComparer.Ordinal)];

    /// <summary>
    /// The transcripts as turns: consecutive transcripts of one participant joined. A turn may come as
    /// more than one transcript when the reader paused longer than the talk detector's hangover (a
    /// sender held up by a busy machine does that).
    /// </summary>
    private async Task<(Guid Speaker, string Words, JsonElement First)[]> TurnsAsync(Guid transcribe)
    {
        var turns = new List<(Guid Speaker, string Words, JsonElement First)>();
        foreach (var t in await TranscriptsAsync(transcribe))
        {
            var speaker = t.GetProperty("conferencecall_id").GetGuid();
            var words = t.GetProperty("message").GetString()!;
            if (turns.Count > 0 && turns[^1].Speaker == speaker)
            {
                turns[^1] = (speaker, turns[^1].Words + " " + words, turns[^1].First);
            }
            else
            {
                turns.Add((speaker, words, t));
            }
        }
        return [.. turns];
    }

    private Task UntilTurnsAsync(Guid transcribe, int count) =>
        Eventually.TrueAsync(async () => (await TurnsAsync(transcribe)).Length >= count, TimeSpan.FromSeconds(30),
            stack.Explain($"{count} turns were never transcribed"));

    [Fact]
    public async Task Two_people_reading_in_turns_are_transcribed_apart_and_a_muted_one_is_not()
    {
        var conference = (await (await _api.PostJsonAsync("v1.0/conferences", new { type = "conference" })).JsonAsync()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await (await _api.GetAsync($"v1.0/conferences/{conference}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
            TimeSpan.FromSeconds(15), stack.Explain("the conference never reached progressing"));
        await using var alice = await WebSocketCaller.JoinAsync(stack, conference);
        await using var bob = await WebSocketCaller.JoinAsync(stack, conference);
        foreach (var caller in new[] { alice, bob })
        {
            await Eventually.TrueAsync(async () => (await (await _api.GetAsync($"v1.0/conferencecalls/{caller.ConferencecallId}")).JsonAsync()).GetProperty("status").GetString() == "joined",
                TimeSpan.FromSeconds(15), stack.Explain("a caller never joined"));
        }
        var start = await _api.PostJsonAsync($"v1.0/conferences/{conference}/transcribe_start", new { language = "en-US" });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var transcribe = (await start.JsonAsync()).GetProperty("transcribe_id").GetGuid();
        await Eventually.TrueAsync(async () => (await _api.GetAsync($"v1.0/transcribes/{transcribe}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15), stack.Explain("the transcribe was never stored"));
        var clockBefore = ClockTicks(await MediaStatsAsync());

        // Three turns, each followed by more than the talk detector's 800 ms hangover of silence.
        var turns = new[] { (alice, Speech.Utterances[1]), (bob, Speech.Utterances[4]), (alice, Speech.Utterances[2]) };
        foreach (var (caller, utterance) in turns)
        {
            await caller.SayAsync(utterance.Audio);
            await Task.Delay(1500);
        }
        await UntilTurnsAsync(transcribe, 3);
        var clockAfter = ClockTicks(await MediaStatsAsync());
        var (ticks, missed) = (clockAfter.Ticks - clockBefore.Ticks, clockAfter.Missed - clockBefore.Missed);
        // The ticks the room would have missed had its clock waited for the decoder: 20 ms each of the decoding time.
        var wouldMiss = (long)((clockAfter.Decoding - clockBefore.Decoding) / 0.020);

        var transcribed = await TurnsAsync(transcribe);
        foreach (var (t, turn) in transcribed.Zip(turns))
        {
            // From the end of the read audio to the transcript stored: the talk detector's hangover, the decoding, the report and the entity.
            var said = Conference.Core.Entities.Timestamps.TryParse(t.First.GetProperty("tm_transcript").GetString()!, out var at) ? at : default;
            var stored = Conference.Core.Entities.Timestamps.TryParse(t.First.GetProperty("tm_create").GetString()!, out var created) ? created : default;
            var delay = stored - said - TimeSpan.FromSeconds(turn.Item2.Audio.Length / 16000.0);
            output.WriteLine($"{(t.Speaker == alice.ConferencecallId ? "alice" : "bob")} (stored {delay.TotalMilliseconds:F0} ms after the audio ended): {t.Words}");
        }
        Assert.Equal(turns.Select(t => t.Item1.ConferencecallId), transcribed.Select(t => t.Speaker));
        var wer = Speech.WordErrorRate(turns.Zip(transcribed, (turn, t) => (turn.Item2.Reference, t.Words)));
        output.WriteLine($"WER through the stack: {wer:P1}; missed ticks while transcribing: {missed} of {ticks}; a clock waiting for the decoder would miss {wouldMiss}; "
                         + $"longest gap between the callers' frames: {TimeSpan.FromTicks(Math.Max(alice.LongestGap.Ticks, bob.LongestGap.Ticks)).TotalMilliseconds:F0} ms");
        Assert.InRange(wer, 0, 0.45);
        // The clock keeps its pace while transcribing: it misses far fewer ticks than the decoding time would cost a clock
        // that waited for it. Measured on clean-clone runs of this 2-core machine: 0, 0, 3 and 1 missed of about 900,
        // and 7 on a busier CI machine, the decoders on their own threads at nice 10. A bound relative to the decoding
        // time holds on a slow machine too, where both grow; the exact pace is the benchmarks' to report, not a test's.
        Assert.True(wouldMiss > 0, "nothing was decoded while the clock was counted");
        Assert.True(missed * 4 <= wouldMiss, $"{missed} of {ticks} ticks missed while transcribing; waiting for the decoder would have missed {wouldMiss}");

        // Bob muted reads; then Alice reads: hers arrives, his never does.
        int Of(JsonElement[] all, WebSocketCaller caller) => all.Count(t => t.GetProperty("conferencecall_id").GetGuid() == caller.ConferencecallId);
        var before = await TranscriptsAsync(transcribe);
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync($"v1.0/conferencecalls/{bob.ConferencecallId}/mute", null)).StatusCode);
        await Task.Delay(300);
        await bob.SayAsync(Speech.Utterances[1].Audio);
        await Task.Delay(1500);
        await alice.SayAsync(Speech.Utterances[4].Audio);
        await Task.Delay(1500);
        await Eventually.TrueAsync(async () => Of(await TranscriptsAsync(transcribe), alice) > Of(before, alice), TimeSpan.FromSeconds(30),
            stack.Explain("alice's last turn was never transcribed"));
        var after = await TranscriptsAsync(transcribe);
        Assert.Equal(Of(before, bob), Of(after, bob));

        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync($"v1.0/conferences/{conference}/transcribe_stop", null)).StatusCode);
        await Eventually.TrueAsync(async () => (await (await _api.GetAsync($"v1.0/transcribes/{transcribe}")).JsonAsync()).GetProperty("status").GetString() == "done",
            TimeSpan.FromSeconds(15), stack.Explain("the transcribe never became done"));

        // Every stored transcript was told on the webhook as transcript_created, with the same id and words, in the conference's sequence.
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Deliveries.Count(d => d.Envelope.GetProperty("type").GetString() == "transcript_created") >= after.Length),
            TimeSpan.FromSeconds(15), stack.Explain("transcript_created never reached the webhook"));
        var told = _receiver.Deliveries.Select(d => d.Envelope).Where(e => e.GetProperty("type").GetString() == "transcript_created")
            .DistinctBy(e => e.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(after.Select(t => (t.GetProperty("id").GetGuid(), t.GetProperty("message").GetString())).Order(),
            told.Select(e => (e.GetProperty("data").GetProperty("id").GetGuid(), e.GetProperty("data").GetProperty("message").GetString())).Order());
        var stats = (await MediaStatsAsync()).GetProperty("transcription");
        output.WriteLine($"media host transcription: {stats}");
        Assert.Equal(0, stats.GetProperty("dropped").GetInt64());
    }
}
