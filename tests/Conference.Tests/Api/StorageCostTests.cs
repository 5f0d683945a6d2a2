using Conference.Adapters.Events;
using Conference.Storage;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

/// <summary>
/// What an API call costs in storage requests, counted by the clients' own pipeline (not read from
/// logs). On an Azurite of its own: a control plane starting on a shared one takes up the other
/// tests' leftover outbox rows and timers, and their requests would count here.
/// </summary>
public sealed class StorageCostTests : IAsyncLifetime
{
    private readonly Azurite _azurite = new();
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _api = new ApiFactory(_azurite);
        // The webhook dispatcher polls its queue on its own; it is not part of what a create costs.
        _api.Settings["CONFERENCE_DELIVER_WEBHOOKS"] = "false";
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_create_costs_at_most_five_storage_requests_from_the_request_to_progressing()
    {
        await _api.ProgressingConferenceAsync();
        var requests = _api.Services.GetRequiredService<StorageRequests>();
        await SettledAsync(requests);
        var before = requests.Count;

        var id = await _api.ProgressingConferenceAsync();
        var after = await SettledAsync(requests);

        // The customer's webhook setting is read at most every 5 s (a slow run may cross that line), not per create.
        var sent = requests.Recent.TakeLast((int)(after - before)).Where(r => !r.Contains("/customers(")).ToList();
        Assert.True(sent.Count is >= 1 and <= 5, $"{sent.Count} requests: {string.Join(", ", sent)}");
        var events = await _api.Services.GetRequiredService<EventLog>().ReadAsync(id);
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
