using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Entities;
using Conference.Tests.Support;

namespace Conference.Tests.Storage;

/// <summary>
/// The list index when two deliveries of one resource's views overlap (on Durable, a call's own
/// delivery and the entity's outbox): the view made later stays listed, whichever lands last.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResourceIndexTests(Azurite azurite)
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddMilliseconds(3);

    private async Task<ResourceIndex> IndexAsync()
    {
        await Conference.Adapters.Tables.EnsureAsync(azurite.Tables);
        return new ResourceIndex(azurite.Tables);
    }

    private static JsonElement View(Guid id, string status) =>
        JsonDocument.Parse($"{{\"id\":\"{id}\",\"status\":\"{status}\",\"tm_create\":\"2026-11-30 09:59:00.000000\",\"tm_delete\":\"{Timestamps.Never}\"}}").RootElement;

    private static async Task<string?> ListedStatusAsync(ResourceIndex index, Guid customer) =>
        (await index.ListAsync("conferencecall", customer, new Dictionary<string, string>(), null, 10, excludeDeleted: false)).Items.Single().GetProperty("status").GetString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_view_listed_is_the_one_made_later_whichever_lands_last(bool olderLandsLast)
    {
        var index = await IndexAsync();
        var (customer, call) = (Guid.NewGuid(), Guid.NewGuid());
        (string Status, DateTimeOffset At)[] writes = [("joined", Earlier), ("leaving", Later)];
        foreach (var (status, at) in olderLandsLast ? writes.Reverse() : writes)
        {
            await index.UpsertAsync("conferencecall", customer, call, View(call, status), madeAt: at);
        }
        Assert.Equal("leaving", await ListedStatusAsync(index, customer));
    }

    [Fact]
    public async Task Views_written_at_once_leave_the_newest_listed()
    {
        var index = await IndexAsync();
        var (customer, call) = (Guid.NewGuid(), Guid.NewGuid());
        var statuses = Enumerable.Range(0, 12).Select(i => $"s{i:D2}").ToArray();
        // Started newest first and side by side, so the writes race on the row's insert and on its updates.
        await Task.WhenAll(statuses.Index().Reverse().ToList().Select(s => index.UpsertAsync("conferencecall", customer, call, View(call, s.Item), madeAt: Earlier.AddTicks(s.Index))));
        Assert.Equal(statuses[^1], await ListedStatusAsync(index, customer));
    }

    [Fact]
    public async Task A_view_without_its_time_is_written_as_before()
    {
        var index = await IndexAsync();
        var (customer, call) = (Guid.NewGuid(), Guid.NewGuid());
        await index.UpsertAsync("conferencecall", customer, call, View(call, "leaving"), madeAt: Later);
        await index.UpsertAsync("conferencecall", customer, call, View(call, "joined"));
        Assert.Equal("joined", await ListedStatusAsync(index, customer));
    }
}
