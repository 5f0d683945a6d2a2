using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Storage;
using Microsoft.Extensions.Logging;

namespace Conference.Adapters;

/// <summary>
/// Holds the control plane's view of the media host against its heartbeats, and turns what differs
/// into the facts the entities decide on (the decisions are theirs):
/// <list type="bullet">
/// <item>a new media host process (a boot id not seen before), or a control plane that has just started:
/// every live conference whose room the media host does not have is told <c>RoomLost</c>; every live
/// participant whose leg it does not have has lost its media (<c>MediaLost</c> after a restart of the media
/// host, <c>MediaLiveness(false)</c> for its health check otherwise); every live call it does not carry has hung up;</item>
/// <item>a leg that was in a heartbeat and is missing from the next two, with no report that it left:
/// <c>MediaLiveness(false)</c>, so the health check removes the participant; a room missing from the
/// next two: <c>RoomLost</c> (a terminated conference, whose room the control plane destroyed, ignores it);</item>
/// <item>no heartbeat for <see cref="SilenceAfter"/>: the legs it last had are not alive, until it speaks again.</item>
/// </list>
/// Every message's id is made from the boot and the entity, so a repeat (another instance, a retry) is applied once.
/// </summary>
public sealed class MediaHostMonitor(TableServiceClient tables, ResourceIndex index, TimeProvider time, ILogger<MediaHostMonitor> logger)
{
    /// <summary>What is younger than this may not be in a heartbeat yet (a join or call on its way). After a restart, what is older than the new process cannot be on it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>No heartbeat for this long (five missed) and the media host is taken to be gone.</summary>
    public static readonly TimeSpan SilenceAfter = TimeSpan.FromSeconds(10);

    private static readonly string[] LiveConferences = [ConferenceStatus.Starting, ConferenceStatus.Progressing, ConferenceStatus.Terminating];
    private static readonly string[] LiveParticipants = [ConferencecallStatus.Joining, ConferencecallStatus.Joined, ConferencecallStatus.Leaving];
    private static readonly string[] LiveCalls = [CallStatus.Dialing, CallStatus.Ringing, CallStatus.Progressing, CallStatus.Terminating];

    private readonly TableClient _hosts = tables.GetTableClient(Tables.MediaHosts);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _left = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _readyRooms = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _joinedLegs = new();
    private Guid? _reconciledBoot;
    private MediaHostHeartbeat? _last;
    private HashSet<Guid> _missingRooms = [];
    private HashSet<Guid> _missingLegs = [];
    private DateTimeOffset _lastSeen;
    private HashSet<Guid> _silenced = [];
    private bool _silent;

    /// <summary>The boot id of the media host as last heard (empty before the first heartbeat).</summary>
    public Guid BootId => _last?.BootId ?? Guid.Empty;

    /// <summary>A leg the media host reported gone: its absence from the next heartbeat is no news.</summary>
    public void LegLeft(Guid legId) => _left[legId] = time.GetUtcNow();

    /// <summary>A room the media host reported made: expected in its heartbeats from now on, even if it went before one showed it.</summary>
    public void RoomReady(Guid roomId) => _readyRooms[roomId] = time.GetUtcNow();

    /// <summary>A leg the media host reported bridged: expected in its heartbeats from now on.</summary>
    public void LegJoined(Guid legId) => _joinedLegs[legId] = time.GetUtcNow();

    public async Task OnHeartbeatAsync(MediaHostHeartbeat heartbeat, IEntityGateway entities, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastSeen = time.GetUtcNow();
            if (_silent && heartbeat.BootId == _last?.BootId)
            {
                // It was only silent: the legs it still has are alive.
                foreach (var leg in _silenced.Intersect(heartbeat.Legs))
                {
                    await SendAsync(entities, EntityId.Conferencecall(leg), nameof(ConferencecallEntity.MediaLiveness), true, "alive-again", heartbeat.At.Ticks.ToString(), cancellationToken);
                }
            }
            (_silent, _silenced) = (false, []);
            if (_reconciledBoot != heartbeat.BootId)
            {
                var restarted = await RememberBootAsync(heartbeat.BootId, cancellationToken);
                await ReconcileAsync(heartbeat, restarted, entities, cancellationToken);
                _reconciledBoot = heartbeat.BootId;
                (_missingRooms, _missingLegs) = ([], []);
            }
            else if (_last is not null)
            {
                await CompareAsync(_last, heartbeat, entities, cancellationToken);
            }
            _last = heartbeat;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called every couple of seconds: a media host silent for <see cref="SilenceAfter"/> has taken its legs' media with it.</summary>
    public async Task CheckSilenceAsync(IEntityGateway entities, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is not { } last || _silent || time.GetUtcNow() - _lastSeen < SilenceAfter)
            {
                return;
            }
            logger.LogWarning("The media host {Boot} has sent no heartbeat since {Seen}: its {Legs} legs are taken as dead.", last.BootId, _lastSeen, last.Legs.Length);
            (_silent, _silenced) = (true, [.. last.Legs]);
            foreach (var leg in last.Legs)
            {
                await SendAsync(entities, EntityId.Conferencecall(leg), nameof(ConferencecallEntity.MediaLiveness), false, "silent", _lastSeen.Ticks.ToString(), cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the media host is a new process (then its boot id is stored, so a restarted control plane can tell too).</summary>
    private async Task<bool> RememberBootAsync(Guid bootId, CancellationToken cancellationToken)
    {
        var stored = await _hosts.FindAsync("mediahost", "default", cancellationToken);
        if (stored?.GetString("BootId") == bootId.ToString())
        {
            return false;
        }
        await _hosts.UpsertEntityAsync(new TableEntity("mediahost", "default") { ["BootId"] = bootId.ToString(), ["Seen"] = time.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken);
        if (stored is not null)
        {
            logger.LogWarning("The media host restarted (boot {Old} is now {New}): reconciling its rooms, legs and calls.", stored.GetString("BootId"), bootId);
        }
        return stored is not null;
    }

    private async Task ReconcileAsync(MediaHostHeartbeat heartbeat, bool restarted, IEntityGateway entities, CancellationToken cancellationToken)
    {
        var boot = heartbeat.BootId.ToString();
        var settled = restarted ? heartbeat.Started : heartbeat.At - Grace;
        var rooms = heartbeat.Rooms.ToHashSet();
        var legs = heartbeat.Legs.ToHashSet();
        var calls = heartbeat.Calls.ToHashSet();
        var counts = (Rooms: 0, Legs: 0, Calls: 0);
        await foreach (var conference in index.ScanAsync(Core.Conferences.Resources.Conference, LiveConferences, cancellationToken))
        {
            if (!rooms.Contains(IdOf(conference)))
            {
                counts.Rooms++;
                await SendAsync(entities, EntityId.Conference(IdOf(conference)), nameof(ConferenceEntity.RoomLost), null, "room-lost", boot, cancellationToken);
            }
        }
        await foreach (var participant in index.ScanAsync(Core.Conferences.Resources.Conferencecall, LiveParticipants, cancellationToken))
        {
            if (!legs.Contains(IdOf(participant)) && UpdatedBefore(participant, settled))
            {
                counts.Legs++;
                var id = EntityId.Conferencecall(IdOf(participant));
                await (restarted
                    ? SendAsync(entities, id, nameof(ConferencecallEntity.MediaLost), null, "media-lost", boot, cancellationToken)
                    : SendAsync(entities, id, nameof(ConferencecallEntity.MediaLiveness), false, "unknown-leg", boot, cancellationToken));
            }
        }
        await foreach (var call in index.ScanAsync(Core.Conferences.Resources.Call, LiveCalls, cancellationToken))
        {
            if (!calls.Contains(IdOf(call)) && UpdatedBefore(call, settled))
            {
                counts.Calls++;
                await SendAsync(entities, EntityId.Call(IdOf(call)), nameof(CallEntity.StatusChanged), new CallStatusInput(CallStatus.Hangup, HangupReasons.MediaLost),
                    "call-lost", boot, cancellationToken);
            }
        }
        if (counts != (0, 0, 0))
        {
            logger.LogWarning("Reconciled with media host {Boot}: {Rooms} rooms lost, {Legs} legs not there, {Calls} calls gone.", boot, counts.Rooms, counts.Legs, counts.Calls);
        }
    }

    /// <summary>
    /// Rooms and legs in <paramref name="before"/> that are missing now and were missing last time
    /// too (a room the control plane destroyed is no news to its terminated conference; a leg reported
    /// left is skipped): the conference has lost its room, the participant's media is not alive.
    /// </summary>
    private async Task CompareAsync(MediaHostHeartbeat before, MediaHostHeartbeat now, IEntityGateway entities, CancellationToken cancellationToken)
    {
        var boot = now.BootId.ToString();
        var (lostRooms, missingRooms) = Missing([.. before.Rooms, .. Reported(_readyRooms, now.Rooms)], now.Rooms, _missingRooms, _ => false);
        var (lostLegs, missingLegs) = Missing([.. before.Legs, .. Reported(_joinedLegs, now.Legs)], now.Legs, _missingLegs, _left.ContainsKey);
        (_missingRooms, _missingLegs) = (missingRooms, missingLegs);
        if (lostRooms.Count + lostLegs.Count > 0)
        {
            logger.LogWarning("Media host {Boot} no longer has {Rooms} rooms and {Legs} legs it had.", boot, lostRooms.Count, lostLegs.Count);
        }
        foreach (var room in lostRooms)
        {
            await SendAsync(entities, EntityId.Conference(room), nameof(ConferenceEntity.RoomLost), null, "room-gone", boot, cancellationToken);
        }
        foreach (var leg in lostLegs)
        {
            await SendAsync(entities, EntityId.Conferencecall(leg), nameof(ConferencecallEntity.MediaLiveness), false, "unknown-leg", boot, cancellationToken);
        }
        foreach (var (leg, at) in _left)
        {
            if (now.At - at > Grace)
            {
                _left.TryRemove(leg, out _);
            }
        }
    }

    /// <summary>
    /// What the media host reported having more than a second ago (so any heartbeat taken since shows
    /// it); each is forgotten once a heartbeat shows it, when the usual comparison takes over.
    /// </summary>
    private Guid[] Reported(ConcurrentDictionary<Guid, DateTimeOffset> reported, Guid[] shown)
    {
        foreach (var id in shown)
        {
            reported.TryRemove(id, out _);
        }
        var settled = time.GetUtcNow() - TimeSpan.FromSeconds(1);
        var expected = reported.Where(r => r.Value < settled).Select(r => r.Key).ToArray();
        foreach (var id in expected)
        {
            reported.TryRemove(id, out _);
        }
        return expected;
    }

    /// <summary>Of what was there before (or missing once already), what is missing a second time, and what is missing for the first time.</summary>
    private static (HashSet<Guid> Lost, HashSet<Guid> MissingOnce) Missing(Guid[] before, Guid[] now, HashSet<Guid> missingOnce, Func<Guid, bool> accountedFor)
    {
        var present = now.ToHashSet();
        var missing = before.Concat(missingOnce).Where(id => !present.Contains(id) && !accountedFor(id)).ToHashSet();
        var lost = missing.Where(missingOnce.Contains).ToHashSet();
        return (lost, missing.Except(lost).ToHashSet());
    }

    private async Task SendAsync(IEntityGateway entities, EntityId target, string operation, object? input, string kind, string boot, CancellationToken cancellationToken)
    {
        try
        {
            await entities.SignalAsync(target, operation, input, NameBasedId.Of(kind, boot, target.ToString()), cancellationToken);
        }
        catch (DomainException e)
        {
            // Gone meanwhile (deleted, never created here): nothing to reconcile.
            logger.LogInformation("{Operation} on {Entity} was refused: {Reason}", operation, target, e.Reason);
        }
    }

    private static Guid IdOf(JsonElement view) => view.GetProperty("id").GetGuid();

    private static bool UpdatedBefore(JsonElement view, DateTimeOffset moment) =>
        Timestamps.TryParse(view.GetProperty("tm_update").GetString() ?? "", out var updated) && updated < moment.UtcDateTime;
}
