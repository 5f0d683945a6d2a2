using System.Diagnostics;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Benchmarks;

/// <summary>The storage ceiling everything else stands on: single upserts and 3-row transactions per second, sequential and 16 in flight.</summary>
public static class StorageLoad
{
    public static async Task<int> RunAsync(string connection)
    {
        var tables = new TableServiceClient(connection);
        var table = tables.GetTableClient("storage" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        foreach (var inFlight in new[] { 1, 16 })
        {
            var upserts = await RateAsync(inFlight, n => table.UpsertEntityAsync(new TableEntity("p" + n % 50, "r" + n) { ["Value"] = "x" }));
            var batches = await RateAsync(inFlight, n => EntityGroupTransaction.SubmitAsync(table,
                [Upsert(new TableEntity($"b{inFlight}-{n}", "state") { ["V"] = "x" }), Add(new TableEntity($"b{inFlight}-{n}", "o:1")), Add(new TableEntity($"b{inFlight}-{n}", "t:2"))]));
            Console.WriteLine($"storage | {inFlight,2} in flight | {upserts,6:F0} upserts/s | {batches,6:F0} three-row transactions/s");
        }

        // Azurite keeps a table as one in-memory collection: does a point write slow down as the table grows?
        var full = tables.GetTableClient("full" + Guid.NewGuid().ToString("N")[..10]);
        await full.CreateIfNotExistsAsync();
        for (var rows = 0; rows <= 20_000; rows += 10_000)
        {
            if (rows > 0)
            {
                for (var b = rows - 10_000; b < rows; b += 100)
                {
                    await EntityGroupTransaction.SubmitAsync(full, Enumerable.Range(b, 100).Select(i => Add(new TableEntity("fill" + b, "r" + i) { ["V"] = "x" })).ToList());
                }
            }
            var rate = await RateAsync(16, n => full.UpsertEntityAsync(new TableEntity($"probe{rows}", "r" + n) { ["V"] = "x" }));
            Console.WriteLine($"storage | table of {rows,6} rows | {rate,6:F0} upserts/s (16 in flight)");
        }
        return 0;
    }

    private static TableTransactionAction Add(TableEntity row) => new(TableTransactionActionType.Add, row);

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static async Task<double> RateAsync(int inFlight, Func<long, Task> request)
    {
        long n = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                await request(Interlocked.Increment(ref n));
            }
        }));
        return n / clock.Elapsed.TotalSeconds;
    }
}
