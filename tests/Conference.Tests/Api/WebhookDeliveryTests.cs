using System.Net;
using Conference.Adapters.Events;
using Conference.Core.Accounts;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

/// <summary>Webhooks to a real receiver on loopback, from the durable queue in Azurite (retries 100 ms apart here).</summary>
public sealed class WebhookDeliveryTests(Azurite azurite) : ApiTest(azurite)
{
    /// <summary>A conference taken through its life: created, locked, a participant joined, muted and kicked, terminated.</summary>
    private static async Task<Guid> ScriptedConferenceAsync(ApiFactory api)
    {
        var conference = await api.ProgressingConferenceAsync(new { type = "conference", data = new { }, name = "scripted" });
        await api.Client().PostAsync($"/v1.0/conferences/{conference}/lock", null);
        await api.Client().PostAsync($"/v1.0/conferences/{conference}/unlock", null);
        var participant = await api.JoinAsync(conference);
        await api.Client().DeleteAsync($"/v1.0/conferencecalls/{participant}");
        await api.WaitForStatusAsync(participant, "leaved");
        await api.Client().DeleteAsync($"/v1.0/conferences/{conference}");
        return conference;
    }

    private async Task<IReadOnlyList<Core.Events.ConferenceEvent>> LoggedAsync(Guid conference, string lastType)
    {
        var log = Api.Services.GetRequiredService<EventLog>();
        await Eventually.TrueAsync(async () => (await log.ReadAsync(conference)).Any(e => e.Type == lastType), TimeSpan.FromSeconds(15), $"No {lastType} was logged.");
        await Task.Delay(300);
        return await log.ReadAsync(conference);
    }

    private static Task ReceivedAsync(WebhookReceiver receiver, Func<IReadOnlyList<WebhookReceiver.Delivery>, bool> done, string message) =>
        Eventually.TrueAsync(() => Task.FromResult(done(receiver.Deliveries.ToList())), TimeSpan.FromSeconds(20), message);

    [Fact]
    public async Task Every_event_of_a_scripted_conference_arrives_in_sequence_order_signed_with_the_customers_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = await Api.UseWebhookAsync(receiver.Uri);
        var conference = await ScriptedConferenceAsync(Api);
        var logged = await LoggedAsync(conference, "conference_deleted");
        await ReceivedAsync(receiver, d => d.Count(x => x.ConferenceId == conference) >= logged.Count, $"Fewer than {logged.Count} deliveries arrived.");

        var delivered = receiver.Deliveries.Where(d => d.ConferenceId == conference).ToList();
        Assert.Equal(logged.Select(e => e.Sequence), delivered.Select(d => d.Sequence));
        Assert.Equal(Enumerable.Range(1, logged.Count).Select(i => (long)i), delivered.Select(d => d.Sequence));
        Assert.Equal(logged.Select(e => e.Type), delivered.Select(d => d.Type));
        foreach (var type in new[] { "conference_created", "conference_updated", "conferencecall_joining", "conferencecall_joined", "conferencecall_leaving", "conferencecall_leaved", "conference_deleted" })
        {
            Assert.Contains(delivered, d => d.Type == type);
        }
        foreach (var d in delivered)
        {
            Assert.Equal("POST", d.Method);
            var timestamp = long.Parse(d.Headers[WebhookSignature.TimestampHeader]);
            Assert.True(WebhookSignature.Verify(secret, timestamp, d.Body, d.Headers[WebhookSignature.Header], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
                $"The signature of event {d.Sequence} does not verify.");
            Assert.False(WebhookSignature.Verify("whsec_other", timestamp, d.Body, d.Headers[WebhookSignature.Header], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.Equal(d.EventId, d.Envelope.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_event_id_until_it_succeeds_and_order_is_kept()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, before) => before < 2 ? 500 : 200;
        await Api.UseWebhookAsync(receiver.Uri);
        var conference = await Api.ProgressingConferenceAsync();
        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/lock", null);
        var logged = await LoggedAsync(conference, "conference_updated");
        await ReceivedAsync(receiver, d => d.Count(x => x.ConferenceId == conference) >= logged.Count * 3, "The retries never came.");

        var deliveries = receiver.Deliveries.Where(d => d.ConferenceId == conference).ToList();
        Assert.All(deliveries.GroupBy(d => d.EventId), g => Assert.Equal(3, g.Count()));
        Assert.Equal(logged.Select(e => e.Sequence), deliveries.Select(d => d.Sequence).Distinct());
        var times = deliveries.Where(d => d.Sequence == 1).Select(d => d.Received).ToList();
        Assert.True(times[2] - times[1] > times[1] - times[0] - TimeSpan.FromMilliseconds(60), "The second retry did not wait longer than the first.");
        Assert.Empty((await (await Api.Client().GetAsync("/v1.0/webhook_deliveries")).JsonAsync()).GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task A_400_is_not_retried_but_parked_where_the_customer_sees_it_and_later_events_still_arrive()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (d, _) => d.Sequence == 1 ? 400 : 200;
        await Api.UseWebhookAsync(receiver.Uri);
        var conference = await Api.ProgressingConferenceAsync();
        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/lock", null);
        var logged = await LoggedAsync(conference, "conference_updated");
        await ReceivedAsync(receiver, d => d.Count(x => x.ConferenceId == conference) >= logged.Count, "Later events were held back.");
        await Task.Delay(500);

        Assert.Single(receiver.Deliveries, d => d.ConferenceId == conference && d.Sequence == 1);
        var parked = Assert.Single((await (await Api.Client().GetAsync("/v1.0/webhook_deliveries")).JsonAsync()).GetProperty("result").EnumerateArray());
        Assert.Equal(1, parked.GetProperty("sequence").GetInt64());
        Assert.Equal(1, parked.GetProperty("attempts").GetInt32());
        Assert.Equal("HTTP 400", parked.GetProperty("last_error").GetString());
        Assert.Equal(conference.ToString(), parked.GetProperty("conference_id").GetString());
    }

    [Fact]
    public async Task Nothing_is_queued_for_a_customer_without_a_webhook_and_everything_once_it_has_one()
    {
        Api.Settings["CONFERENCE_DELIVER_WEBHOOKS"] = "false";
        var queue = Api.Services.GetRequiredService<WebhookQueue>();
        var before = await ScriptedConferenceAsync(Api);
        await LoggedAsync(before, "conference_deleted");
        Assert.DoesNotContain(await queue.ReadPendingAsync(1000), d => d.Event.ConferenceId == before);

        await Api.UseWebhookAsync(new Uri("http://127.0.0.1:9/hooks"));
        var after = await ScriptedConferenceAsync(Api);
        var logged = await LoggedAsync(after, "conference_deleted");
        Assert.Equal(logged.Select(e => e.Sequence), (await queue.ReadPendingAsync(1000)).Where(d => d.Event.ConferenceId == after).Select(d => d.Event.Sequence));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_gets_a_bounded_number_of_attempts_then_the_delivery_is_parked()
    {
        Api.Settings["CONFERENCE_WEBHOOK_MAX_ATTEMPTS"] = "3";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => 503;
        await Api.UseWebhookAsync(receiver.Uri);
        var conference = await Api.ProgressingConferenceAsync();
        var logged = await LoggedAsync(conference, "conference_updated");
        await Eventually.TrueAsync(async () => (await (await Api.Client().GetAsync("/v1.0/webhook_deliveries")).JsonAsync()).GetProperty("result").GetArrayLength() == logged.Count,
            TimeSpan.FromSeconds(20), "The failing deliveries were never parked.");
        await Task.Delay(700);

        Assert.All(receiver.Deliveries.Where(d => d.ConferenceId == conference).GroupBy(d => d.EventId), g => Assert.Equal(3, g.Count()));
        var parked = (await (await Api.Client().GetAsync("/v1.0/webhook_deliveries")).JsonAsync()).GetProperty("result").EnumerateArray().ToList();
        Assert.All(parked, p => Assert.Equal("HTTP 503", p.GetProperty("last_error").GetString()));
        Assert.Equal(logged.Select(e => e.Sequence), parked.Select(p => p.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task An_event_queued_before_a_restart_is_delivered_after_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Api.Settings["CONFERENCE_DELIVER_WEBHOOKS"] = "false";
        await Api.UseWebhookAsync(receiver.Uri);
        var conference = await Api.ProgressingConferenceAsync();
        var logged = await LoggedAsync(conference, "conference_updated");
        await Task.Delay(300);
        Assert.Empty(receiver.Deliveries);
        Api.Dispose();

        using var restarted = new ApiFactory(Azurite) { Token = Api.Token, CustomerId = Api.CustomerId, MediaKey = Api.MediaKey, AdminUsername = Api.AdminUsername, AdminPassword = Api.AdminPassword };
        _ = restarted.Services;
        await ReceivedAsync(receiver, d => d.Count(x => x.ConferenceId == conference) >= logged.Count, "The queued events were not delivered after the restart.");
        Assert.Equal(logged.Select(e => e.Sequence), receiver.Deliveries.Where(d => d.ConferenceId == conference).Select(d => d.Sequence));
    }
}
