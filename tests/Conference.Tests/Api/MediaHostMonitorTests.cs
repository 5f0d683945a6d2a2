using System.Collections.Concurrent;
using Conference.Adapters;
using Conference.Core.Conferencecalls;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conference.Tests.Api;

/// <summary>The control plane's view of the media host against its heartbeats, over a real Azurite and a gateway that records what it is asked.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MediaHostMonitorTests(Azurite azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingGateway _entities = new();
    private MediaHostMonitor _monitor = null!;
    private readonly Guid _boot = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await Conference.Adapters.Tables.EnsureAsync(azurite.Tables);
        // A boot row of its own: the monitor stores the boot it last met, and tests share the emulator.
        await azurite.Tables.GetTableClient(Conference.Adapters.Tables.MediaHosts).DeleteEntityAsync("mediahost", "default");
        _monitor = new MediaHostMonitor(azurite.Tables, new ResourceIndex(azurite.Tables), _time, NullLogger<MediaHostMonitor>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private MediaHostHeartbeat Beat(params Guid[] legs) => new(_boot, _time.GetUtcNow(), _time.GetUtcNow(), [], legs, []);

    private async Task HeartbeatAsync(params Guid[] legs)
    {
        await _monitor.OnHeartbeatAsync(Beat(legs), _entities, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_leg_missing_from_two_heartbeats_in_a_row_is_reported_not_alive_once()
    {
        var (kept, lost) = (Guid.NewGuid(), Guid.NewGuid());
        await HeartbeatAsync(kept, lost);
        await HeartbeatAsync(kept);
        Assert.Empty(_entities.About(kept, lost));

        await HeartbeatAsync(kept);
        await HeartbeatAsync(kept);

        var call = Assert.Single(_entities.About(kept, lost));
        Assert.Equal((EntityId.Conferencecall(lost), nameof(ConferencecallEntity.MediaLiveness), (object?)false), (call.Id, call.Operation, call.Input));
    }

    [Fact]
    public async Task A_room_reported_ready_and_gone_before_a_heartbeat_showed_it_is_lost_after_two_heartbeats()
    {
        var room = Guid.NewGuid();
        await HeartbeatAsync();
        _monitor.RoomReady(room);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        await HeartbeatAsync();
        Assert.DoesNotContain(_entities.Calls, c => c.Id == EntityId.Conference(room));
        await HeartbeatAsync();

        var call = Assert.Single(_entities.Calls, c => c.Id == EntityId.Conference(room));
        Assert.Equal(nameof(Conference.Core.Conferences.ConferenceEntity.RoomLost), call.Operation);
    }

    [Fact]
    public async Task A_leg_back_in_the_next_heartbeat_or_reported_left_is_no_news()
    {
        var (flicker, left) = (Guid.NewGuid(), Guid.NewGuid());
        await HeartbeatAsync(flicker, left);
        _monitor.LegLeft(left);
        await HeartbeatAsync();
        await HeartbeatAsync(flicker);
        await HeartbeatAsync(flicker);

        Assert.Empty(_entities.About(flicker, left));
    }

    [Fact]
    public async Task A_silent_media_host_takes_its_legs_media_with_it_until_it_speaks_again()
    {
        var leg = Guid.NewGuid();
        await HeartbeatAsync(leg);
        _time.Advance(MediaHostMonitor.SilenceAfter);

        await _monitor.CheckSilenceAsync(_entities, CancellationToken.None);
        await _monitor.CheckSilenceAsync(_entities, CancellationToken.None);
        await HeartbeatAsync(leg);

        Assert.Equal([(nameof(ConferencecallEntity.MediaLiveness), (object?)false), (nameof(ConferencecallEntity.MediaLiveness), true)],
            _entities.About(leg).Select(c => (c.Operation, c.Input)));
    }

    [Fact]
    public async Task The_same_fact_always_travels_under_the_same_message_id()
    {
        var lost = Guid.NewGuid();
        var first = new RecordingGateway();
        var second = new RecordingGateway();
        foreach (var gateway in new[] { first, second })
        {
            var monitor = new MediaHostMonitor(azurite.Tables, new ResourceIndex(azurite.Tables), _time, NullLogger<MediaHostMonitor>.Instance);
            foreach (var legs in new[] { new[] { lost }, [], [] })
            {
                await monitor.OnHeartbeatAsync(Beat(legs), gateway, CancellationToken.None);
            }
        }

        Assert.Equal(Assert.Single(first.About(lost)).MessageId, Assert.Single(second.About(lost)).MessageId);
    }

    /// <summary>What the monitor asked of entities. The emulator is shared, so the first heartbeat's reconciliation also meets other tests' conferences: look only at the legs a test made.</summary>
    private sealed class RecordingGateway : IEntityGateway
    {
        public ConcurrentQueue<(EntityId Id, string Operation, object? Input, Guid? MessageId)> Calls { get; } = new();

        public IEnumerable<(EntityId Id, string Operation, object? Input, Guid? MessageId)> About(params Guid[] legs) =>
            Calls.Where(c => legs.Any(leg => c.Id == EntityId.Conferencecall(leg)));

        public Task<object?> CallAsync(EntityId id, string operation, object? input = null, Guid? messageId = null, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue((id, operation, input, messageId));
            return Task.FromResult<object?>(null);
        }

        public Task SignalAsync(EntityId id, string operation, object? input, Guid messageId, CancellationToken cancellationToken = default) =>
            CallAsync(id, operation, input, messageId, cancellationToken);

        public Task<TState?> GetStateAsync<TState>(EntityId id, CancellationToken cancellationToken = default) where TState : class => Task.FromResult<TState?>(null);
    }
}
