using Azure;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableClientTests(Azurite azurite)
{
    private readonly TableClient _tables = new(azurite.Account);

    private async Task<string> NewTableAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await _tables.CreateTableIfNotExistsAsync(name);
        return name;
    }

    private static TableEntity Row(string pk, string rk, string value = "v") => new(pk, rk) { ["Value"] = value };

    [Fact]
    public async Task Insert_then_get_returns_every_property_type()
    {
        var table = await NewTableAsync();
        var row = new TableEntity("p", "r")
        {
            ["S"] = "text", ["B"] = true, ["I"] = 42, ["L"] = 9_000_000_000L, ["D"] = 1.5,
            ["T"] = new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), ["Bytes"] = new byte[] { 1, 2, 3 },
        };
        var etag = await _tables.InsertAsync(table, row);

        var read = await _tables.GetAsync(table, "p", "r");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal("text", read["S"]);
        Assert.Equal(true, read["B"]);
        Assert.Equal(42, read["I"]);
        Assert.Equal(9_000_000_000L, read["L"]);
        Assert.Equal(1.5, read["D"]);
        Assert.Equal(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), read["T"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, read["Bytes"]);
    }

    [Fact]
    public async Task Get_of_a_missing_row_is_null()
    {
        var table = await NewTableAsync();
        Assert.Null(await _tables.GetAsync(table, "p", "nothing"));
    }

    [Fact]
    public async Task Insert_of_an_existing_row_is_409()
    {
        var table = await NewTableAsync();
        await _tables.InsertAsync(table, Row("p", "r"));
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _tables.InsertAsync(table, Row("p", "r")));
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var table = await NewTableAsync();
        var first = await _tables.InsertAsync(table, Row("p", "r", "one"));
        await _tables.UpdateAsync(table, Row("p", "r", "two"), first);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _tables.UpdateAsync(table, Row("p", "r", "three"), first));

        Assert.Equal(412, error.Status);
        Assert.Equal("two", (await _tables.GetAsync(table, "p", "r"))!["Value"]);
    }

    [Fact]
    public async Task Merge_keeps_properties_it_does_not_name()
    {
        var table = await NewTableAsync();
        var etag = await _tables.InsertAsync(table, new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });
        await _tables.UpdateAsync(table, new TableEntity("p", "r") { ["B"] = "changed" }, etag, merge: true);
        var read = await _tables.GetAsync(table, "p", "r");
        Assert.Equal("a", read!["A"]);
        Assert.Equal("changed", read["B"]);
    }

    [Fact]
    public async Task Upsert_creates_then_replaces()
    {
        var table = await NewTableAsync();
        await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["A"] = "a" });
        await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["B"] = "b" });
        var read = await _tables.GetAsync(table, "p", "r");
        Assert.False(read!.Properties.ContainsKey("A"));
        Assert.Equal("b", read["B"]);
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_is_412_and_delete_of_a_missing_row_is_404()
    {
        var table = await NewTableAsync();
        var first = await _tables.InsertAsync(table, Row("p", "r"));
        await _tables.UpdateAsync(table, Row("p", "r", "two"), first);
        Assert.Equal(412, (await Assert.ThrowsAsync<RequestFailedException>(() => _tables.DeleteAsync(table, "p", "r", first))).Status);
        await _tables.DeleteAsync(table, "p", "r");
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _tables.DeleteAsync(table, "p", "r"))).Status);
    }

    [Fact]
    public async Task Query_follows_continuation_across_pages_and_applies_the_filter()
    {
        var table = await NewTableAsync();
        for (var batch = 0; batch < 12; batch++)
        {
            var actions = Enumerable.Range(0, 100)
                .Select(i => TableAction.Insert(new TableEntity("p", $"{batch:D2}-{i:D3}") { ["Even"] = i % 2 == 0 }))
                .ToList();
            await _tables.SubmitTransactionAsync(table, actions);
        }

        var all = await _tables.QueryAsync(table, "PartitionKey eq 'p'").ToListAsync();
        var even = await _tables.QueryAsync(table, "Even eq true").ToListAsync();
        var page = await _tables.QueryPageAsync(table, "PartitionKey eq 'p'", top: 10);

        Assert.Equal(1200, all.Count);
        Assert.Equal(1200, all.Select(r => r.RowKey).Distinct().Count());
        Assert.Equal(600, even.Count);
        Assert.Equal(10, page.Items.Count);
        Assert.NotNull(page.ContinuationToken);
        Assert.All(all, r => Assert.NotEqual(default, r.ETag));
    }

    [Fact]
    public async Task Transaction_applies_all_actions_and_returns_their_etags()
    {
        var table = await NewTableAsync();
        var etag = await _tables.InsertAsync(table, Row("p", "state", "one"));
        await _tables.InsertAsync(table, Row("p", "old"));

        var etags = await _tables.SubmitTransactionAsync(table,
        [
            TableAction.Replace(Row("p", "state", "two"), etag),
            TableAction.Insert(Row("p", "new")),
            TableAction.Delete("p", "old"),
        ]);

        var state = await _tables.GetAsync(table, "p", "state");
        Assert.Equal("two", state!["Value"]);
        Assert.Equal(state.ETag, etags[0]);
        Assert.NotNull(await _tables.GetAsync(table, "p", "new"));
        Assert.Null(await _tables.GetAsync(table, "p", "old"));
    }

    [Fact]
    public async Task Transaction_with_one_failing_action_applies_nothing()
    {
        var table = await NewTableAsync();
        var stale = await _tables.InsertAsync(table, Row("p", "state", "one"));
        await _tables.UpdateAsync(table, Row("p", "state", "two"), stale);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _tables.SubmitTransactionAsync(table,
        [
            TableAction.Insert(Row("p", "outbox-1")),
            TableAction.Replace(Row("p", "state", "three"), stale),
        ]));

        Assert.Equal(412, error.Status);
        Assert.Null(await _tables.GetAsync(table, "p", "outbox-1"));
        Assert.Equal("two", (await _tables.GetAsync(table, "p", "state"))!["Value"]);
    }

    [Fact]
    public async Task Transaction_across_partitions_is_refused_before_sending()
    {
        var table = await NewTableAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => _tables.SubmitTransactionAsync(table,
            [TableAction.Insert(Row("a", "1")), TableAction.Insert(Row("b", "1"))]));
        Assert.Empty(await _tables.QueryAsync(table, null).ToListAsync());
    }

    [Fact]
    public async Task Wrong_account_key_is_refused_with_403()
    {
        var wrong = azurite.Account with { Key = new byte[64] };
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => new TableClient(wrong).CreateTableIfNotExistsAsync("denied"));
        Assert.Equal(403, error.Status);
    }
}
