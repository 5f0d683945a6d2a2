using Conference.Core.Entities;
using Conference.Runtime;
using Azure.Data.Tables;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Runtime;

[Collection(AzuriteCollection.Name)]
public sealed class EntityRuntimeTests(Azurite azurite)
{
    private readonly string _table = "e" + Guid.NewGuid().ToString("N")[..12];
    private readonly Azure.Data.Tables.TableServiceClient _tables = azurite.Tables;

    private async Task<EntityRuntime> StartAsync(IEffectHandler effects, EntityRuntimeOptions? options = null, TableServiceClient? tables = null,
        IColocatedEffects? colocated = null)
    {
        var runtime = new EntityRuntime(tables ?? _tables, effects, new EntityRegistry().Add<CounterEntity, CounterState>(CounterEntity.Name), options: options, table: _table,
            colocated: colocated);
        await runtime.StartAsync();
        return runtime;
    }

    /// <summary>The same storage, with every request counted.</summary>
    private TableServiceClient Counted(StorageRequests requests)
    {
        var options = new TableClientOptions();
        options.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
        return new TableServiceClient(azurite.Connection.ConnectionString, options);
    }

    /// <summary>Notes are rows of their entity's own partition.</summary>
    private sealed class ColocatedNotes : IColocatedEffects
    {
        public TableEntity? RowOf(EntityId source, Effect effect) =>
            effect is ProjectEffect { Resource: "note" } note ? new TableEntity(EntityStore.PartitionOf(source), "n:" + note.Id) { ["Text"] = note.View.GetProperty("text").GetString() } : null;
    }

    private async Task<List<TableEntity>> NoteRowsAsync(EntityId id) =>
        await _tables.GetTableClient(_table).QueryAsync<TableEntity>($"PartitionKey eq '{EntityStore.PartitionOf(id)}' and RowKey ge 'n:' and RowKey lt 'n;'").CollectAsync();

    [Fact]
    public async Task A_create_with_a_fresh_id_reads_nothing_and_a_create_of_one_that_exists_still_finds_it()
    {
        var requests = new StorageRequests();
        var id = CounterEntity.Id("created-" + Guid.NewGuid().ToString("N"));
        await using (var runtime = await StartAsync(new CollectingEffects(), tables: Counted(requests)))
        {
            var before = requests.Count;
            Assert.Equal(3, await runtime.CallAsync<int>(id, "Create", 3));
            Assert.Equal(1, requests.Count - before);
        }

        await using var restarted = await StartAsync(new CollectingEffects());
        Assert.Equal(3, await restarted.CallAsync<int>(id, "Create", 9));
        Assert.Equal(4, await restarted.CallAsync<int>(id, "Add", 1));
    }

    [Fact]
    public async Task Colocated_effects_are_stored_by_the_commit_that_makes_them_and_cost_no_request_of_their_own()
    {
        var requests = new StorageRequests();
        var effects = new CollectingEffects();
        var id = CounterEntity.Id("noted");
        await using var runtime = await StartAsync(effects, tables: Counted(requests), colocated: new ColocatedNotes());
        await runtime.CallAsync(id, "Create", 0);
        var before = requests.Count;

        await runtime.CallAsync(id, "NoteMany", 3);

        Assert.Equal(1, requests.Count - before);
        Assert.Equal(3, (await NoteRowsAsync(id)).Count);
        // Three views of one resource in one round: only the last is worth writing, and it reaches the handler.
        var delivered = Assert.Single(effects.Delivered);
        Assert.Equal("note 2", ((ProjectEffect)delivered.Effect).View.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Colocated_rows_too_many_for_one_transaction_are_stored_before_their_effects_leave()
    {
        var id = CounterEntity.Id("many-notes");
        var rowsWhenHandled = -1;
        var effects = new CollectingEffects();
        effects.Before = async _ =>
        {
            if (rowsWhenHandled < 0)
            {
                rowsWhenHandled = (await NoteRowsAsync(id)).Count;
            }
        };
        await using var runtime = await StartAsync(effects, colocated: new ColocatedNotes());

        await runtime.CallAsync(id, "NoteMany", 150);

        Assert.Equal(150, rowsWhenHandled);
    }

    [Fact]
    public async Task A_call_answers_after_the_state_is_stored()
    {
        await using (var runtime = await StartAsync(new CollectingEffects()))
        {
            Assert.Equal(5, await runtime.CallAsync<int>(CounterEntity.Id("a"), "Add", 5));
        }
        await using var restarted = await StartAsync(new CollectingEffects());
        Assert.Equal(5, (await restarted.GetStateAsync<CounterState>(CounterEntity.Id("a")))!.Value);
    }

    [Fact]
    public async Task Operation_names_match_case_insensitively_as_in_Durable()
    {
        await using var runtime = await StartAsync(new CollectingEffects());
        Assert.Equal(2, await runtime.CallAsync<int>(CounterEntity.Id("a"), "add", 2));
    }

    [Fact]
    public async Task An_operation_that_throws_leaves_neither_state_nor_effects()
    {
        var effects = new CollectingEffects();
        await using var runtime = await StartAsync(effects);
        await runtime.CallAsync<int>(CounterEntity.Id("a"), "Add", 1);

        var error = await Assert.ThrowsAsync<DomainException>(() => runtime.CallAsync(CounterEntity.Id("a"), "Fail"));
        await runtime.CallAsync(CounterEntity.Id("a"), "Note", "after");

        Assert.Equal("REFUSED", error.Reason);
        Assert.Equal(1, (await runtime.GetStateAsync<CounterState>(CounterEntity.Id("a")))!.Value);
        Assert.Single(effects.Delivered);
    }

    [Fact]
    public async Task Operations_whose_effects_outgrow_one_storage_transaction_are_stored_in_smaller_batches()
    {
        var effects = new CollectingEffects();
        await using var runtime = await StartAsync(effects);
        var note = new string('x', 150_000);

        // 40 notes of 150 KB arrive together: one commit of all of them would be 6 MB, over the 4 MiB a
        // batch may hold. Each call answers only once its operation is stored, so all of them answering is the proof.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => runtime.CallAsync(CounterEntity.Id("big"), "Note", note)));

        Assert.NotNull(await runtime.GetStateAsync<CounterState>(CounterEntity.Id("big")));
        Assert.NotEmpty(effects.Delivered);
    }

    [Fact]
    public async Task A_refused_first_operation_stores_no_entity_at_all()
    {
        await using var runtime = await StartAsync(new CollectingEffects());
        await Assert.ThrowsAsync<DomainException>(() => runtime.CallAsync(CounterEntity.Id("never"), "Fail"));
        Assert.Null(await _tables.GetTableClient(_table).FindAsync(EntityStore.PartitionOf(CounterEntity.Id("never")), "state"));
    }

    [Fact]
    public async Task Operations_on_one_entity_run_one_at_a_time_in_arrival_order()
    {
        await using var runtime = await StartAsync(new CollectingEffects());
        var calls = Enumerable.Range(0, 300).Select(i => runtime.CallAsync(CounterEntity.Id("order"), "Append", i)).ToList();
        await Task.WhenAll(calls);
        var state = await runtime.GetStateAsync<CounterState>(CounterEntity.Id("order"));
        Assert.Equal(Enumerable.Range(0, 300), state!.Seen);
    }

    [Fact]
    public async Task A_repeated_message_id_runs_once()
    {
        await using var runtime = await StartAsync(new CollectingEffects());
        var id = Guid.NewGuid();
        await runtime.CallAsync(CounterEntity.Id("dedup"), "Add", 1, id);
        await runtime.CallAsync(CounterEntity.Id("dedup"), "Add", 1, id);
        Assert.Equal(1, (await runtime.GetStateAsync<CounterState>(CounterEntity.Id("dedup")))!.Value);
    }

    [Fact]
    public async Task A_signal_reaches_its_target_entity()
    {
        await using var runtime = await StartAsync(new CollectingEffects());
        await runtime.CallAsync(CounterEntity.Id("source"), "AddTo", "target");
        await Eventually.TrueAsync(async () => (await runtime.GetStateAsync<CounterState>(CounterEntity.Id("target")))?.Value == 1,
            TimeSpan.FromSeconds(10), "The signal never reached its target.");
    }

    [Fact]
    public async Task A_scheduled_signal_fires_after_a_restart()
    {
        var id = CounterEntity.Id("timer");
        await using (var runtime = await StartAsync(new CollectingEffects()))
        {
            await runtime.CallAsync(id, "AddLater", new AddLater(7, 1500));
            Assert.Equal(0, (await runtime.GetStateAsync<CounterState>(id))!.Value);
        }

        await using var restarted = await StartAsync(new CollectingEffects());
        Assert.Equal(1, restarted.PendingTimers);
        await Eventually.TrueAsync(async () => (await restarted.GetStateAsync<CounterState>(id))!.Value == 7,
            TimeSpan.FromSeconds(15), "The timer stored before the restart never fired.");
        Assert.Equal(7, (await restarted.GetStateAsync<CounterState>(id))!.Value);
    }

    [Fact]
    public async Task An_effect_not_delivered_before_a_stop_is_delivered_after_the_restart()
    {
        var hanging = new CollectingEffects { Before = _ => new TaskCompletionSource().Task };
        await using (var runtime = await StartAsync(hanging))
        {
            var call = runtime.CallAsync(CounterEntity.Id("n"), "Note", "kept");
            await Task.Delay(300);
            Assert.False(call.IsCompleted);
        }
        Assert.Empty(hanging.Delivered);

        var working = new CollectingEffects();
        await using var restarted = await StartAsync(working);
        await Eventually.TrueAsync(() => Task.FromResult(working.Delivered.Count == 1), TimeSpan.FromSeconds(10),
            "The stored effect was not delivered after the restart.");
        Assert.IsType<ProjectEffect>(working.Delivered.Single().Effect);
    }

    [Fact]
    public async Task Two_runtimes_writing_one_entity_lose_no_update()
    {
        await using var first = await StartAsync(new CollectingEffects());
        await using var second = await StartAsync(new CollectingEffects());
        var id = CounterEntity.Id("contended");

        async Task AddMany(EntityRuntime runtime)
        {
            for (var i = 0; i < 60; i++)
            {
                await runtime.CallAsync(id, "Add", 1);
            }
        }

        await Task.WhenAll(AddMany(first), AddMany(second), AddMany(first), AddMany(second));

        var stored = await new EntityStore(_tables, _table).LoadAsync(id);
        Assert.Contains("\"value\":240", stored.StateJson);
    }

    [Fact]
    public async Task Idle_entities_leave_memory_and_come_back_with_their_state_and_timers()
    {
        var options = new EntityRuntimeOptions { IdleAfter = TimeSpan.FromMilliseconds(200), SweepInterval = TimeSpan.FromMilliseconds(100) };
        await using var runtime = await StartAsync(new CollectingEffects(), options);
        for (var i = 0; i < 20; i++)
        {
            await runtime.CallAsync(CounterEntity.Id($"idle-{i}"), "Add", i);
        }
        await runtime.CallAsync(CounterEntity.Id("sleeper"), "AddLater", new AddLater(5, 1500));

        await Eventually.TrueAsync(() => Task.FromResult(runtime.ActiveEntities == 0), TimeSpan.FromSeconds(10),
            "Idle entities stayed in memory.");

        Assert.Equal(8, await runtime.CallAsync<int>(CounterEntity.Id("idle-7"), "Add", 1));
        await Eventually.TrueAsync(async () => (await runtime.GetStateAsync<CounterState>(CounterEntity.Id("sleeper")))!.Value == 5,
            TimeSpan.FromSeconds(10), "A timer of an entity that had left memory never fired.");
    }
}
