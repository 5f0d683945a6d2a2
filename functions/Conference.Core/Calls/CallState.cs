using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Core.Calls;

public static class CallStatus
{
    public const string Dialing = "dialing";
    public const string Ringing = "ringing";
    public const string Progressing = "progressing";
    public const string Terminating = "terminating";
    public const string Hangup = "hangup";

    public static readonly string[] Order = [Dialing, Ringing, Progressing, Terminating, Hangup];

    public static int Rank(string status) => Array.IndexOf(Order, status);
}

public static class CallTypes
{
    public const string Sip = "sip";
    public const string WebSocket = "websocket";
}

public static class CallDirections
{
    public const string Incoming = "incoming";
    public const string Outgoing = "outgoing";
}

/// <summary>Why a call ended, in VoIPBIN's words.</summary>
public static class HangupReasons
{
    public const string Normal = "normal";
    public const string Cancel = "cancel";
    public const string Busy = "busy";
    public const string NoAnswer = "noanswer";
    public const string Failed = "failed";
    public const string MediaUnavailable = "media_unavailable";

    /// <summary>The media host that carried the call restarted or no longer has it.</summary>
    public const string MediaLost = "media_lost";
}

/// <summary>The durable state of one call: a SIP (or WebSocket) party and the actions it runs.</summary>
public sealed class CallState
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public string Type { get; set; } = CallTypes.Sip;
    public string Direction { get; set; } = CallDirections.Outgoing;
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";
    public string Status { get; set; } = CallStatus.Dialing;
    public string HangupReason { get; set; } = "";
    public FlowAction[] Actions { get; set; } = [];

    /// <summary>Controlled by commands (Telnyx Call Control): it stays up when its actions run out, and takes more.</summary>
    public bool Controlled { get; set; }

    /// <summary>The last event number given out (a controlled call's events).</summary>
    public long Sequence { get; set; }
    public Guid ConferencecallId { get; set; }
    public DateTime TmCreate { get; set; }
    public DateTime TmUpdate { get; set; }
    public DateTime? TmHangup { get; set; }
    public string CreateRequestHash { get; set; } = "";
}

public sealed record CreateCall(Guid CustomerId, string Type, string Direction, string Source, string Destination, FlowAction[] Actions, string RequestHash = "", bool Controlled = false);

/// <summary>The media host's word on a call: its new status and, for a hangup, why.</summary>
public sealed record CallStatusInput(string Status, string Reason);

/// <summary>The body of <c>POST /calls</c>.</summary>
public sealed record DialRequest
{
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public System.Text.Json.JsonElement? Actions { get; init; }
}

public sealed record CallView(
    Guid Id,
    Guid CustomerId,
    string Type,
    string Direction,
    string Source,
    string Destination,
    string Status,
    string HangupReason,
    FlowAction[] Actions,
    bool Controlled,
    Guid ConferencecallId,
    string TmCreate,
    string TmUpdate,
    string TmHangup)
{
    public static CallView Of(CallState s) => new(
        s.Id, s.CustomerId, s.Type, s.Direction, s.Source, s.Destination, s.Status, s.HangupReason, s.Actions, s.Controlled, s.ConferencecallId,
        Timestamps.ToSeedFormat(s.TmCreate), Timestamps.ToSeedFormat(s.TmUpdate), Timestamps.ToSeedFormat(s.TmHangup));
}
