using System.Globalization;
using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Api.Telnyx;

/// <summary>Telnyx's times: ISO 8601 in UTC with milliseconds.</summary>
public static class TelnyxTimes
{
    public static string Of(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Of(JsonElement view, string property) =>
        Timestamps.TryParse(view.GetProperty(property).GetString() ?? "", out var utc) ? Of(utc) : null;
}

/// <summary>A conference as Telnyx shows it (the seed's answer).</summary>
public sealed record TelnyxConference(
    string RecordType, Guid Id, string Name, string CreatedAt, string? ExpiresAt, string? UpdatedAt, string Region, string Status,
    string? EndReason, TelnyxEndedBy? EndedBy, string? ConnectionId)
{
    public const string Region_ = "local";
    public static readonly string[] Statuses = ["init", "in_progress", "completed"];

    /// <summary>From the conference's v1.0 view (a list row or the entity's state, the same JSON).</summary>
    public static TelnyxConference Of(JsonElement view)
    {
        var customer = view.GetProperty("customer_id").GetGuid();
        var created = TelnyxTimes.Of(view, "tm_create")!;
        var timeout = view.GetProperty("timeout").GetInt32();
        var expires = timeout > 0 && Timestamps.TryParse(view.GetProperty("tm_create").GetString() ?? "", out var at) ? TelnyxTimes.Of(at.AddSeconds(timeout)) : null;
        var status = StatusOf(view.GetProperty("status").GetString());
        var endedBy = view.GetProperty("ended_by_call_id").GetGuid() is var call && call != Guid.Empty
            ? new TelnyxEndedBy(TelnyxIds.CallControlId(customer, call), call.ToString())
            : null;
        return new TelnyxConference("conference", view.GetProperty("id").GetGuid(), view.GetProperty("name").GetString() ?? "", created, expires,
            TelnyxTimes.Of(view, "tm_update"), Region_, status, status == "completed" ? EndReasonOf(view.GetProperty("end_reason").GetString()) : null, endedBy, null);
    }

    public static TelnyxConference Of(ConferenceState state, DateTime now) => Of(JsonSerializer.SerializeToElement(ConferenceView.Of(state, now), Core.Json.CoreJson.Options));

    public static string StatusOf(string? status) => status switch
    {
        ConferenceStatus.Starting => "init",
        ConferenceStatus.Progressing => "in_progress",
        _ => "completed",
    };

    /// <summary>Telnyx's end reasons for the project's.</summary>
    public static string? EndReasonOf(string? reason) => reason switch
    {
        EndReasons.Api => "ended_via_api",
        EndReasons.Timeout => "time_exceeded",
        EndReasons.HostLeft => "host_left",
        EndReasons.AllLeft => "all_left",
        null or "" => null,
        var other => other,
    };
}

public sealed record TelnyxEndedBy(string CallControlId, string CallSessionId);

/// <summary>A participant as Telnyx lists it: a call in the conference, named by its call control id.</summary>
public sealed record TelnyxParticipant(
    string RecordType, Guid Id, string CallControlId, Guid CallLegId, TelnyxConferenceRef Conference, bool EndConferenceOnExit, bool SoftEndConferenceOnExit,
    string Status, bool Muted, bool OnHold, string SupervisorRole, string[] WhisperCallControlIds, string CreatedAt, string UpdatedAt)
{
    public static TelnyxParticipant Of(ConferenceState conference, Participant p) => new(
        "participant", p.ConferencecallId, TelnyxIds.CallControlId(conference.CustomerId, p.CallId), p.CallId, new TelnyxConferenceRef(conference.Id, conference.Name),
        p.EndConferenceOnExit, false, p.Status switch
        {
            ConferencecallStatus.Joining => "joining",
            ConferencecallStatus.Joined => "joined",
            _ => "left",
        }, p.Muted, p.OnHold, p.Muted ? "monitor" : "none", [], TelnyxTimes.Of(p.JoinTime), TelnyxTimes.Of(conference.TmUpdate));
}

public sealed record TelnyxConferenceRef(Guid Id, string Name);

/// <summary>A call as Telnyx Call Control shows it.</summary>
public sealed record TelnyxCall(string RecordType, string CallControlId, Guid CallLegId, Guid CallSessionId, bool IsAlive, long CallDuration, string? StartTime, string? EndTime)
{
    public static TelnyxCall Of(CallState call, DateTime now)
    {
        var end = call.TmHangup ?? now;
        return new("call", TelnyxIds.CallControlId(call.CustomerId, call.Id), call.Id, call.Id,
            call.Status is CallStatus.Dialing or CallStatus.Ringing or CallStatus.Progressing,
            (long)Math.Max(0, (end - call.TmCreate).TotalSeconds), TelnyxTimes.Of(call.TmCreate), call.TmHangup is { } h ? TelnyxTimes.Of(h) : null);
    }
}
