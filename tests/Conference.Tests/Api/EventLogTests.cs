using Conference.Adapters.Events;
using Conference.Adapters;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

public sealed class EventLogTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task A_scripted_conference_leaves_a_gap_free_event_log_in_the_order_things_happened()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "conference", client_state = "c3RhdGU=" });
        var call = await Api.JoinAsync(conference);
        await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{call}");
        await Api.WaitForStatusAsync(call, "leaved");
        await Api.Client().DeleteAsync($"/v1.0/conferences/{conference}");

        var log = Api.Services.GetRequiredService<EventLog>();
        IReadOnlyList<Conference.Core.Events.ConferenceEvent> events = [];
        await Eventually.TrueAsync(async () =>
        {
            events = await log.ReadAsync(conference);
            return events.Any(e => e.Type == "conference_deleted");
        }, TimeSpan.FromSeconds(10), "conference_deleted never reached the event log.");

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("c3RhdGU=", e.ClientState));
        var order = events.Select(e => e.Type).Where(t => t.StartsWith("conferencecall_") || t is "conference_created" or "conference_deleted").ToList();
        Assert.Equal(["conference_created", "conferencecall_joining", "conferencecall_joined", "conferencecall_leaving", "conferencecall_leaved", "conference_deleted"], order);
    }
}
