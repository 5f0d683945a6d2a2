using System.Net;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Media;
using Conference.Tests.Support;
using Conference.Adapters;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

/// <summary>Transcribes and transcripts through the v1.0 API, with the media host's transcript reports posted as it posts them.</summary>
public sealed class TranscribesApiTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<Guid> ProgressingConferenceAsync()
    {
        var id = (await (await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference" })).JsonAsync()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(id)).GetProperty("status").GetString() == ConferenceStatus.Progressing,
            TimeSpan.FromSeconds(10), "The conference never became progressing.");
        return id;
    }

    private async Task<Guid> StartAsync(Guid conference)
    {
        var response = await Api.Client().PostJsonAsync($"/v1.0/conferences/{conference}/transcribe_start", new { language = "en-US" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("transcribe_id").GetGuid();
        // The conference makes its transcribe by a signal stored with its own change, as it makes a recording: there within moments.
        await Eventually.TrueAsync(async () => (await Api.Client().GetAsync($"/v1.0/transcribes/{id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "The transcribe was never stored.");
        return id;
    }

    private async Task ReportAsync(Guid conference, Guid transcribe, Guid participant, string message, DateTimeOffset at)
    {
        var report = JsonSerializer.Serialize<MediaReport>(new TranscriptSegment(Guid.NewGuid(), conference, transcribe, participant, "in", message, at), Conference.Core.Json.CoreJson.Options);
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/media/reports") { Content = new StringContent(report) };
        request.Headers.Add(MediaPlaneKey.Header, Api.MediaKey);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.CreateClient().SendAsync(request)).StatusCode);
    }

    private async Task<JsonElement[]> TranscriptsAsync(Guid transcribe, string? token = null) =>
        [.. (await (await Api.Client(token).GetAsync($"/v1.0/transcripts?transcribe_id={transcribe}")).JsonAsync()).GetProperty("result").EnumerateArray()];

    [Fact]
    public async Task Transcribe_start_makes_a_progressing_transcribe_that_stop_makes_done()
    {
        var conference = await ProgressingConferenceAsync();
        var id = await StartAsync(conference);

        var transcribe = await (await Api.Client().GetAsync($"/v1.0/transcribes/{id}")).JsonAsync();
        Assert.Equal(["id", "customer_id", "reference_type", "reference_id", "status", "language", "tm_create", "tm_update", "tm_delete"],
            transcribe.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("conference", conference, "progressing", "en-US"), (transcribe.GetProperty("reference_type").GetString(),
            transcribe.GetProperty("reference_id").GetGuid(), transcribe.GetProperty("status").GetString(), transcribe.GetProperty("language").GetString()));

        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/transcribe_stop", null);
        await Eventually.TrueAsync(async () => (await (await Api.Client().GetAsync($"/v1.0/transcribes/{id}")).JsonAsync()).GetProperty("status").GetString() == "done",
            TimeSpan.FromSeconds(10), "The transcribe never became done.");
        await Eventually.TrueAsync(async () =>
        {
            var list = await (await Api.Client().GetAsync($"/v1.0/transcribes?reference_id={conference}&status=done")).JsonAsync();
            return list.GetProperty("result").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).SequenceEqual([id]);
        }, TimeSpan.FromSeconds(10), "The transcribe list never showed it done.");
    }

    [Fact]
    public async Task A_language_the_engine_cannot_do_is_400_and_starts_nothing()
    {
        var conference = await ProgressingConferenceAsync();

        var response = await Api.Client().PostJsonAsync($"/v1.0/conferences/{conference}/transcribe_start", new { language = "de-DE" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("UNSUPPORTED_LANGUAGE", problem.GetProperty("reason").GetString());
        Assert.Contains("en-US", problem.GetProperty("detail").GetString());
        Assert.Equal(Guid.Empty, (await Api.ConferenceAsync(conference)).GetProperty("transcribe_id").GetGuid());
    }

    [Fact]
    public async Task Transcripts_are_listed_per_transcribe_with_their_participant_and_paging()
    {
        var conference = await ProgressingConferenceAsync();
        var id = await StartAsync(conference);
        var (alice, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var start = DateTimeOffset.UtcNow;
        await ReportAsync(conference, id, alice, "he was not an ill disposed young man", start);
        await ReportAsync(conference, id, bob, "he might even have been made amiable himself", start.AddSeconds(4));
        await ReportAsync(conference, id, alice, "unless to be rather cold hearted", start.AddSeconds(9));

        await Eventually.TrueAsync(async () => (await TranscriptsAsync(id)).Length == 3, TimeSpan.FromSeconds(10), "The transcripts were never listed.");
        var transcripts = (await TranscriptsAsync(id)).OrderBy(t => t.GetProperty("tm_transcript").GetString()).ToArray();
        Assert.Equal(["id", "customer_id", "transcribe_id", "conferencecall_id", "direction", "message", "tm_transcript", "tm_create"],
            transcripts[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([alice, bob, alice], transcripts.Select(t => t.GetProperty("conferencecall_id").GetGuid()));
        Assert.All(transcripts, t => Assert.Equal((id, "in"), (t.GetProperty("transcribe_id").GetGuid(), t.GetProperty("direction").GetString())));

        var bobs = await (await Api.Client().GetAsync($"/v1.0/transcripts?transcribe_id={id}&conferencecall_id={bob}")).JsonAsync();
        Assert.Equal("he might even have been made amiable himself", Assert.Single(bobs.GetProperty("result").EnumerateArray()).GetProperty("message").GetString());
        var page = await (await Api.Client().GetAsync($"/v1.0/transcripts?transcribe_id={id}&page_size=2")).JsonAsync();
        var next = page.GetProperty("next_page_token").GetString();
        var rest = await (await Api.Client().GetAsync($"/v1.0/transcripts?transcribe_id={id}&page_size=2&page_token={Uri.EscapeDataString(next!)}")).JsonAsync();
        Assert.Equal(3, page.GetProperty("result").GetArrayLength() + rest.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task Transcripts_need_a_transcribe_id_and_another_customers_transcribe_is_404()
    {
        var conference = await ProgressingConferenceAsync();
        var id = await StartAsync(conference);
        var other = await Api.OtherCustomerTokenAsync();

        var missing = await Api.Client().GetAsync("/v1.0/transcripts");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("MISSING_TRANSCRIBE_ID", (await missing.JsonAsync()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client(other).GetAsync($"/v1.0/transcripts?transcribe_id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client(other).GetAsync($"/v1.0/transcribes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client(other).DeleteAsync($"/v1.0/transcribes/{id}")).StatusCode);
        Assert.Empty((await (await Api.Client(other).GetAsync("/v1.0/transcribes")).JsonAsync()).GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task A_done_transcribe_is_deleted_with_its_transcripts_and_a_progressing_one_is_409()
    {
        var conference = await ProgressingConferenceAsync();
        var id = await StartAsync(conference);
        await ReportAsync(conference, id, Guid.NewGuid(), "he was not an ill disposed young man", DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => (await TranscriptsAsync(id)).Length == 1, TimeSpan.FromSeconds(10), "The transcript was never listed.");

        var early = await Api.Client().DeleteAsync($"/v1.0/transcribes/{id}");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("TRANSCRIBE_ACTIVE", (await early.JsonAsync()).GetProperty("reason").GetString());

        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/transcribe_stop", null);
        await Eventually.TrueAsync(async () => (await (await Api.Client().GetAsync($"/v1.0/transcribes/{id}")).JsonAsync()).GetProperty("status").GetString() == "done",
            TimeSpan.FromSeconds(10), "The transcribe never became done.");
        var deleted = await Api.Client().DeleteAsync($"/v1.0/transcribes/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.NotEqual("9999-01-01 00:00:00.000000", (await deleted.JsonAsync()).GetProperty("tm_delete").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client().GetAsync($"/v1.0/transcribes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client().GetAsync($"/v1.0/transcripts?transcribe_id={id}")).StatusCode);
        var rows = await Api.Services.GetRequiredService<ResourceIndex>().ListAsync(Resources.Transcript, Api.CustomerId,
            new Dictionary<string, string> { ["transcribe_id"] = id.ToString() }, null, 10, excludeDeleted: false);
        Assert.Empty(rows.Items);
        await Eventually.TrueAsync(async () => (await (await Api.Client().GetAsync($"/v1.0/transcribes?reference_id={conference}")).JsonAsync()).GetProperty("result").GetArrayLength() == 0,
            TimeSpan.FromSeconds(10), "A deleted transcribe is still listed.");
    }
}
