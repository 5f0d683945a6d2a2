using System.Diagnostics;
using Conference.Adapters;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Runtime;
using Conference.Storage;

namespace Conference.Benchmarks;

/// <summary>
/// Conference operations per second through the local runtime against Azure Table storage:
/// one hot conference and many conferences, with effects either dropped (the runtime alone) or
/// written to the real indexes and event log (what the local host does).
/// </summary>
public static class EntityLoad
{
    private const int InFlight = 64;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string connection)
    {
        var tables = new Azure.Data.Tables.TableServiceClient(connection);
        await Tables.EnsureAsync(tables);
        var real = new EffectRouter(new ResourceIndex(tables), new DirectHashIndex(tables), new Conference.Adapters.Events.EventLog(tables),
            new Conference.Adapters.Events.WebhookQueue(tables), new Conference.Adapters.Accounts.CustomerStore(tables, new ResourceIndex(tables)), new Conference.Adapters.Events.EventFeed(), new NoMediaHost(), TimeProvider.System, new EffectRouterOptions());
        foreach (var (label, effects) in new (string, IEffectHandler)[] { ("runtime only", new DroppedEffects()), ("with indexes and events", real) })
        {
            foreach (var conferences in new[] { 1, 200 })
            {
                var table = "bench" + Guid.NewGuid().ToString("N")[..10];
                await using var runtime = new EntityRuntime(tables, effects, table: table);
                await runtime.StartAsync();
                var ids = new List<EntityId>();
                for (var i = 0; i < conferences; i++)
                {
                    var id = EntityId.Conference(Guid.NewGuid());
                    await runtime.CallAsync(id, nameof(ConferenceEntity.Create), new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = "conference" }));
                    ids.Add(id);
                }
                var (operations, seconds, commits) = await LoadAsync(runtime, ids);
                Console.WriteLine($"entities | {label,-24} | {conferences,3} conference(s) | {operations / seconds,7:F0} ops/s | {operations / (double)commits,5:F1} ops per commit");
            }
        }
        return 0;
    }

    private static async Task<(long Operations, double Seconds, long Commits)> LoadAsync(EntityRuntime runtime, List<EntityId> ids)
    {
        var before = runtime.Counters;
        var stopwatch = Stopwatch.StartNew();
        long done = 0;
        var workers = Enumerable.Range(0, InFlight).Select(async worker =>
        {
            var n = 0;
            while (stopwatch.Elapsed < Duration)
            {
                var id = ids[(worker + n++ * InFlight) % ids.Count];
                await runtime.CallAsync(id, nameof(ConferenceEntity.Update), new ConferenceSettings { Detail = $"update {n}" });
                Interlocked.Increment(ref done);
            }
        });
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var after = runtime.Counters;
        return (done, seconds, after.Commits - before.Commits);
    }

    private sealed class DroppedEffects : IEffectHandler
    {
        public Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoMediaHost : IMediaHost
    {
        public Task SendAsync(MediaCommandEnvelope command, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
