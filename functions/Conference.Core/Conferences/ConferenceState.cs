using System.Text.Json;

namespace Conference.Core.Conferences;

public static class ConferenceStatus
{
    public const string Starting = "starting";
    public const string Progressing = "progressing";
    public const string Terminating = "terminating";
    public const string Terminated = "terminated";

    /// <summary>Statuses in the only order they may be taken.</summary>
    public static readonly string[] Order = [Starting, Progressing, Terminating, Terminated];

    public static int Rank(string status) => Array.IndexOf(Order, status);
}

public static class ConferenceTypes
{
    public const string Conference = "conference";
    public const string Connect = "connect";
}

public static class BeepModes
{
    public const string Never = "never";
    public const string Always = "always";
    public const string OnEnter = "on_enter";
    public const string OnExit = "on_exit";
    public static readonly string[] All = [Never, Always, OnEnter, OnExit];
}

public static class Roles
{
    public const string Member = "member";
    public const string Moderator = "moderator";

    /// <summary>Asked for in a join, not held: the PIN decides (a moderator's PIN makes a moderator, else a member's).</summary>
    public const string ByPin = "by_pin";
}

public static class EndReasons
{
    public const string Api = "api";
    public const string Timeout = "timeout";
    public const string AllLeft = "all_left";
    public const string MediaUnavailable = "media_unavailable";
    public const string CustomerDeleted = "customer_deleted";
    /// <summary>A participant that ends the conference on exit left.</summary>
    public const string HostLeft = "host_left";
}

/// <summary>The durable state of one conference.</summary>
public sealed class ConferenceState
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public string Type { get; set; } = ConferenceTypes.Conference;
    public string Status { get; set; } = ConferenceStatus.Starting;
    public string Name { get; set; } = "";
    public string Detail { get; set; } = "";
    public JsonElement Data { get; set; }
    public int Timeout { get; set; }
    public FlowAction[] PreActions { get; set; } = [];
    public FlowAction[] PostActions { get; set; } = [];
    public List<Participant> Participants { get; set; } = [];
    public Guid RecordingId { get; set; }
    public bool RecordingPaused { get; set; }
    public List<Guid> RecordingIds { get; set; } = [];

    /// <summary>Recordings started here whose file the media host has not reported saved yet.</summary>
    public List<Guid> UnsavedRecordingIds { get; set; } = [];
    public Guid TranscribeId { get; set; }
    public List<Guid> TranscribeIds { get; set; } = [];
    public string DirectHash { get; set; } = "";
    public int MaxParticipants { get; set; }
    public string BeepEnabled { get; set; } = BeepModes.Never;
    public bool StartConferenceOnCreate { get; set; } = true;
    public string HoldAudioUrl { get; set; } = "";
    public bool ComfortNoise { get; set; } = true;
    public string ClientState { get; set; } = "";
    public RoleOptions Member { get; set; } = RoleOptions.Default;
    public RoleOptions Moderator { get; set; } = RoleOptions.Default;
    public StatusCallback? StatusCallback { get; set; }

    /// <summary>Ends when its last participant leaves, as Twilio's, Restcomm's and Telnyx's conferences do.</summary>
    public bool EndWhenEmpty { get; set; }

    /// <summary>The last participant number given out.</summary>
    public int ParticipantNumbers { get; set; }

    /// <summary>The last status callback number given out (a sequence of its own: callbacks are not events).</summary>
    public long CallbackSequence { get; set; }
    public bool IsLocked { get; set; }
    public string EndReason { get; set; } = "";

    /// <summary>The call whose leaving ended the conference (<see cref="EndReasons.HostLeft"/>), else the zero id.</summary>
    public Guid EndedByCallId { get; set; }
    public Guid Floor { get; set; }

    /// <summary>Whether a moderator has joined (only matters when <see cref="StartConferenceOnCreate"/> is false).</summary>
    public bool Started { get; set; }

    public DateTime TmCreate { get; set; }
    public DateTime TmUpdate { get; set; }
    public DateTime? TmDelete { get; set; }

    /// <summary>The timeout timer that counts; an older one that fires is ignored.</summary>
    public int TimeoutGeneration { get; set; }

    /// <summary>The last event number given out.</summary>
    public long Sequence { get; set; }

    /// <summary>A digest of the create request, so a repeat of an idempotent create can be told from a clash.</summary>
    public string CreateRequestHash { get; set; } = "";
}

/// <summary>The conference's own record of a participant: enough to decide joins, kicks and the realtime view.</summary>
public sealed class Participant
{
    public Guid ConferencecallId { get; set; }
    public Guid CallId { get; set; }

    /// <summary>Its number in the conference, from 1 in order of joining (Kazoo's <c>participant_id</c>).</summary>
    public int Number { get; set; }
    public string Role { get; set; } = Roles.Member;
    public string Status { get; set; } = "";
    public bool Muted { get; set; }
    public bool Deaf { get; set; }
    public bool OnHold { get; set; }
    public bool Talking { get; set; }
    public int EnergyLevel { get; set; }
    public DateTime JoinTime { get; set; }

    /// <summary>This participant's beep mode, or null for the conference's.</summary>
    public string? Beep { get; set; }
    public bool EndConferenceOnExit { get; set; }

    /// <summary>Was in the room (a leave is told only of someone whose join was).</summary>
    public bool HasJoined { get; set; }
}
