using Conference.Adapters.Events;
using Conference.Storage;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

/// <summary>What an API call costs in storage requests, counted by the clients' own pipeline (not read from logs).</summary>
public sealed class StorageCostTests : ApiTest
{
    public StorageCostTests(Azurite azurite) : base(azurite)
    {
        // The webhook dispatcher polls its queue on its own; it is not part of what a create costs.
        Api.Settings["CONFERENCE_DELIVER_WEBHOOKS"] = "false";
    }

    [Fact]
    public async Task A_create_costs_at_most_five_storage_requests_from_the_request_to_progressing()
    {
        await Api.ProgressingConferenceAsync();
        var requests = Api.Services.GetRequiredService<StorageRequests>();
        await SettledAsync(requests);
        var before = requests.Count;

        var id = await Api.ProgressingConferenceAsync();
        var after = await SettledAsync(requests);

        Assert.InRange(after - before, 1, 5);
        var events = await Api.Services.GetRequiredService<EventLog>().ReadAsync(id);
        Assert.Equal(["conference_created", "conference_updated"], events.Select(e => e.Type));
    }

    /// <summary>The count once nothing has been sent for half a second: the effects of what came before are out.</summary>
    private static async Task<long> SettledAsync(StorageRequests requests)
    {
        var last = requests.Count;
        for (var quiet = 0; quiet < 5;)
        {
            await Task.Delay(100);
            var now = requests.Count;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }
}
