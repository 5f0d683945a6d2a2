using System.Text.Json;
using Conference.Core.Entities;

namespace Conference.Core.Conferences;

/// <summary>The conference as the API shows it: every documented field, always present.</summary>
public sealed record ConferenceView(
    Guid Id,
    Guid CustomerId,
    string Type,
    string Status,
    string Name,
    string Detail,
    JsonElement Data,
    int Timeout,
    FlowAction[] PreActions,
    FlowAction[] PostActions,
    Guid[] ConferencecallIds,
    Guid RecordingId,
    Guid[] RecordingIds,
    Guid TranscribeId,
    Guid[] TranscribeIds,
    string DirectHash,
    int MaxParticipants,
    string BeepEnabled,
    bool StartConferenceOnCreate,
    string HoldAudioUrl,
    bool ComfortNoise,
    string ClientState,
    RoleOptions Member,
    RoleOptions Moderator,
    StatusCallback? StatusCallback,
    bool EndWhenEmpty,
    bool IsLocked,
    string EndReason,
    Guid EndedByCallId,
    RealtimeView Realtime,
    string TmCreate,
    string TmUpdate,
    string TmDelete)
{
    public static ConferenceView Of(ConferenceState s, DateTime now) => new(
        s.Id, s.CustomerId, s.Type, s.Status, s.Name, s.Detail, s.Data, s.Timeout, s.PreActions, s.PostActions,
        [.. s.Participants.Select(p => p.ConferencecallId)],
        s.RecordingId, [.. s.RecordingIds], s.TranscribeId, [.. s.TranscribeIds], s.DirectHash,
        s.MaxParticipants, s.BeepEnabled, s.StartConferenceOnCreate, s.HoldAudioUrl, s.ComfortNoise, s.ClientState,
        s.Member, s.Moderator, s.StatusCallback, s.EndWhenEmpty, s.IsLocked, s.EndReason, s.EndedByCallId, RealtimeView.Of(s, now),
        s.TmCreate.ToSeedFormat(), s.TmUpdate.ToSeedFormat(), s.TmDelete.ToSeedFormat());
}

/// <summary>Kazoo's <c>_read_only</c> live data.</summary>
public sealed record RealtimeView(int Members, int Moderators, long Duration, Guid Floor, RealtimeParticipant[] Participants)
{
    public static RealtimeView Of(ConferenceState s, DateTime now)
    {
        var live = s.Status is ConferenceStatus.Starting or ConferenceStatus.Progressing or ConferenceStatus.Terminating;
        var end = live ? now : s.TmDelete ?? s.TmUpdate;
        var participants = s.Participants.Select(p => new RealtimeParticipant(
            p.ConferencecallId, p.Role, p.Status, p.Muted, p.Deaf, p.OnHold, p.Talking, p.EnergyLevel,
            p.JoinTime.ToSeedFormat(), (long)Math.Max(0, (now - p.JoinTime).TotalSeconds))).ToArray();
        return new RealtimeView(
            s.Participants.Count(p => p.Role == Roles.Member),
            s.Participants.Count(p => p.Role == Roles.Moderator),
            (long)Math.Max(0, (end - s.TmCreate).TotalSeconds),
            s.Floor,
            participants);
    }
}

public sealed record RealtimeParticipant(
    Guid ConferencecallId, string Role, string Status, bool Muted, bool Deaf, bool OnHold, bool Talking, int EnergyLevel,
    string JoinTime, long Duration);
