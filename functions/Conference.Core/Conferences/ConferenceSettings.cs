using System.Text.Json;

namespace Conference.Core.Conferences;

/// <summary>
/// The body of <c>POST /conferences</c> and <c>PUT /conferences/{id}</c>. A null field was not
/// given: on create it takes its default, on update it stays as it was.
/// </summary>
public sealed record ConferenceSettings
{
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Detail { get; init; }
    public JsonElement? Data { get; init; }
    public int? Timeout { get; init; }
    public JsonElement? PreActions { get; init; }
    public JsonElement? PostActions { get; init; }
    public int? MaxParticipants { get; init; }
    public string? BeepEnabled { get; init; }
    public bool? StartConferenceOnCreate { get; init; }
    public string? HoldAudioUrl { get; init; }
    public bool? ComfortNoise { get; init; }
    public int? DurationMinutes { get; init; }
    public string? ClientState { get; init; }
    public RoleSettings? Member { get; init; }
    public RoleSettings? Moderator { get; init; }
    public StatusCallback? StatusCallback { get; init; }
    public bool? EndWhenEmpty { get; init; }
}

/// <summary>
/// Twilio's and Restcomm's conference status callback: where a form post goes for each of the chosen
/// <see cref="Events"/> (<c>start</c>, <c>end</c>, <c>join</c>, <c>leave</c>), in the conference's own order.
/// </summary>
public sealed record StatusCallback(string Url, string Method = "POST", string[]? Events = null)
{
    public static readonly string[] AllEvents = ["start", "end", "join", "leave"];

    public bool Wants(string name) => (Events ?? AllEvents).Contains(name);
}

/// <summary>Kazoo's per-role settings: how a member or moderator joins, and the pins that admit one.</summary>
public sealed record RoleSettings
{
    public bool? JoinMuted { get; init; }
    public bool? JoinDeaf { get; init; }
    public string[]? Pins { get; init; }
}

/// <summary>A role's settings with every default applied, as stored and shown.</summary>
public sealed record RoleOptions(bool JoinMuted, bool JoinDeaf, string[] Pins)
{
    public static RoleOptions Default { get; } = new(false, false, []);

    public RoleOptions With(RoleSettings? change) => change is null
        ? this
        : new(change.JoinMuted ?? JoinMuted, change.JoinDeaf ?? JoinDeaf, change.Pins ?? Pins);
}
