using Azure;
using Azure.Data.Tables;
using Conference.Adapters.Events;
using Conference.Core.Events;
using Azure.Storage.Blobs.Specialized;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Storage;

/// <summary>
/// The rules Azure enforces and Azurite does not stay enforced by the project's code; and what
/// the project relies on the service for (all-or-nothing transactions, keys, continuation) holds
/// through the SDK against a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageRulesTests(Azurite azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Tables.GetTableClient("t" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableTransactionAction Add(string partition, string row) => new(TableTransactionActionType.Add, new TableEntity(partition, row));

    [Fact]
    public async Task A_transaction_across_partitions_is_refused_before_it_is_sent_although_Azurite_would_take_it()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => EntityGroupTransaction.SubmitAsync(table, [Add("a", "1"), Add("b", "1")]));

        Assert.Empty(await table.QueryAsync<TableEntity>().CollectAsync());
        await table.SubmitTransactionAsync([Add("a", "1"), Add("b", "1")]);
        Assert.Equal(2, (await table.QueryAsync<TableEntity>().CollectAsync()).Count);
    }

    [Fact]
    public async Task A_transaction_of_more_than_100_actions_is_refused_before_it_is_sent()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => EntityGroupTransaction.SubmitAsync(table, Enumerable.Range(0, 101).Select(i => Add("p", $"{i:D3}")).ToList()));
        await EntityGroupTransaction.SubmitAsync(table, Enumerable.Range(0, 100).Select(i => Add("p", $"{i:D3}")).ToList());

        Assert.Equal(100, (await table.QueryAsync<TableEntity>().CollectAsync()).Count);
    }

    [Fact]
    public async Task A_transaction_with_one_failing_action_applies_none_of_them()
    {
        var table = await NewTableAsync();
        var stale = (await table.AddEntityAsync(new TableEntity("p", "state") { ["Value"] = "one" })).Headers.ETag!.Value;
        await table.UpdateEntityAsync(new TableEntity("p", "state") { ["Value"] = "two" }, stale, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => EntityGroupTransaction.SubmitAsync(table,
        [
            Add("p", "outbox-1"),
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("p", "state") { ["Value"] = "three" }, stale),
        ]));

        Assert.Equal(412, error.Status);
        Assert.Equal(1, error.FailedTransactionActionIndex);
        Assert.Null(await table.FindAsync("p", "outbox-1"));
        Assert.Equal("two", (await table.FindAsync("p", "state"))!.GetString("Value"));
    }

    [Fact]
    public async Task A_block_list_with_ids_of_different_lengths_is_refused_before_it_is_sent()
    {
        var requests = new StorageRequests();
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(azurite.Connection.ConnectionString, StorageServices.BlobOptions(requests));
        var container = blobs.GetBlobContainerClient("c" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlockBlobClient("x.wav");
        await blob.StageBlockAsync(BlockList.IdFor(1), new MemoryStream([7]));
        var sent = requests.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => BlockList.CommitAsync(blob, [BlockList.IdFor(1), Convert.ToBase64String([1, 2, 3, 4])], "audio/wav"));

        Assert.Equal(sent, requests.Count);
        Assert.False(await blob.ExistsAsync());
        Assert.Equal(BlockList.IdFor(1).Length, BlockList.IdFor(900_000_000_001).Length);
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused()
    {
        var wrong = azurite.Connection.ConnectionString!.Replace(
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "AccountKey=" + Convert.ToBase64String(new byte[64]));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => new TableServiceClient(wrong).CreateTableIfNotExistsAsync("denied"));

        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task The_event_log_reads_every_event_of_a_conference_in_order_across_pages_of_1200_rows()
    {
        var log = new EventLog(azurite.Tables);
        await Conference.Adapters.Tables.EnsureAsync(azurite.Tables);
        var conference = Guid.NewGuid();
        var events = Enumerable.Range(1, 1200)
            .Select(i => new ConferenceEvent(conference, Guid.NewGuid(), EventTypes.ConferenceUpdated, System.Text.Json.JsonDocument.Parse($$"""{"n":{{i}}}""").RootElement, i, ""))
            .ToList();
        await log.AppendAllAsync(events);

        var read = await log.ReadAsync(conference);

        Assert.Equal(Enumerable.Range(1, 1200).Select(i => (long)i), read.Select(e => e.Sequence));
        Assert.Equal(1200, read[^1].Data.GetProperty("n").GetInt32());
    }
}
