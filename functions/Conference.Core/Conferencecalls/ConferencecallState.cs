using Conference.Core.Conferences;

namespace Conference.Core.Conferencecalls;

public static class ConferencecallStatus
{
    public const string Joining = "joining";
    public const string Joined = "joined";
    public const string Leaving = "leaving";
    public const string Leaved = "leaved";

    public static readonly string[] Order = [Joining, Joined, Leaving, Leaved];

    public static int Rank(string status) => Array.IndexOf(Order, status);
}

/// <summary>The durable state of one participant.</summary>
public sealed class ConferencecallState
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public Guid ConferenceId { get; set; }
    public string ReferenceType { get; set; } = "call";
    public Guid ReferenceId { get; set; }
    public string Status { get; set; } = ConferencecallStatus.Joining;
    public string Role { get; set; } = Roles.Member;
    public bool Muted { get; set; }
    public bool Deaf { get; set; }
    public bool OnHold { get; set; }
    public string LeaveReason { get; set; } = "";
    public DateTime TmCreate { get; set; }
    public DateTime TmUpdate { get; set; }
    public DateTime? TmDelete { get; set; }

    /// <summary>Health checks missed in a row.</summary>
    public int HealthMisses { get; set; }

    /// <summary>When the health check timer that counts is due (an earlier one superseded it otherwise); null when none is.</summary>
    public DateTime? HealthCheckDue { get; set; }

    /// <summary>The last status the call reported; the call was up when it asked to join.</summary>
    public string CallStatus { get; set; } = Calls.CallStatus.Progressing;

    /// <summary>The conference's status as it last told this participant.</summary>
    public string ConferenceStatus { get; set; } = Conferences.ConferenceStatus.Progressing;

    /// <summary>Whether the media host last saw audio on the leg.</summary>
    public bool MediaAlive { get; set; } = true;
}

public sealed record CreateConferencecall(
    Guid ConferenceId,
    Guid CustomerId,
    Guid CallId,
    string Role,
    bool Muted,
    bool Deaf,
    bool OnHold,
    FlowAction[] PreActions,
    FlowAction[] PostActions,
    string RefusedReason);

public sealed record LegLeftInput(string Reason, bool CallUp);

public sealed record ConferencecallView(
    Guid Id,
    Guid CustomerId,
    Guid ConferenceId,
    string ReferenceType,
    Guid ReferenceId,
    string Status,
    string Role,
    bool Muted,
    bool Deaf,
    bool OnHold,
    string LeaveReason,
    string TmCreate,
    string TmUpdate,
    string TmDelete)
{
    public static ConferencecallView Of(ConferencecallState s) => new(
        s.Id, s.CustomerId, s.ConferenceId, s.ReferenceType, s.ReferenceId, s.Status, s.Role, s.Muted, s.Deaf, s.OnHold,
        s.LeaveReason, Entities.Timestamps.ToSeedFormat(s.TmCreate), Entities.Timestamps.ToSeedFormat(s.TmUpdate),
        Entities.Timestamps.ToSeedFormat(s.TmDelete));
}
