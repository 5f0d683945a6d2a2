using System.Text.Json;
using Conference.Core.Entities;

namespace Conference.Core.Conferences;

/// <summary>The limits and defaults of a conference's settings, checked once here for create and update.</summary>
public static class ConferenceRules
{
    public const int DefaultMaxParticipants = 250;
    public const int MinParticipants = 2;
    public const int MaxParticipantsLimit = 800;
    public const int ConnectParticipants = 2;
    public const int MaxTimeoutSeconds = 30 * 24 * 3600;
    public const int MaxNameLength = 255;
    public const int MaxDetailLength = 4096;
    public const int MaxClientStateLength = 4096;
    public const int MaxPins = 32;
    public const int MaxRecordingSeconds = 24 * 3600;
    public static readonly TimeSpan RoomConfirmTimeout = TimeSpan.FromSeconds(10);
    public const int RoomAttempts = 3;

    public static void Validate(ConferenceSettings s)
    {
        if (s.Name is { Length: > MaxNameLength })
        {
            throw DomainException.Invalid("INVALID_NAME", $"'name' is at most {MaxNameLength} characters.");
        }
        if (s.Detail is { Length: > MaxDetailLength })
        {
            throw DomainException.Invalid("INVALID_DETAIL", $"'detail' is at most {MaxDetailLength} characters.");
        }
        if (s.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            throw DomainException.Invalid("INVALID_DATA", "'data' must be an object.");
        }
        if (s.Timeout is < 0 or > MaxTimeoutSeconds)
        {
            throw DomainException.Invalid("INVALID_TIMEOUT", $"'timeout' is seconds from 0 (none) to {MaxTimeoutSeconds}.");
        }
        if (s.DurationMinutes is < 1 or > MaxTimeoutSeconds / 60)
        {
            throw DomainException.Invalid("INVALID_DURATION_MINUTES", $"'duration_minutes' is from 1 to {MaxTimeoutSeconds / 60}.");
        }
        if (s.MaxParticipants is < MinParticipants or > MaxParticipantsLimit)
        {
            throw DomainException.Invalid("INVALID_MAX_PARTICIPANTS", $"'max_participants' is from {MinParticipants} to {MaxParticipantsLimit}.");
        }
        ValidateBeep(s.BeepEnabled, "beep_enabled", "INVALID_BEEP_ENABLED");
        if (s.HoldAudioUrl is { Length: > 0 } url && !IsHttpUrl(url))
        {
            throw DomainException.Invalid("INVALID_HOLD_AUDIO_URL", "'hold_audio_url' must be an absolute http(s) URL.");
        }
        if (s.ClientState is { } clientState && (clientState.Length > MaxClientStateLength || !IsBase64(clientState)))
        {
            throw DomainException.Invalid("INVALID_CLIENT_STATE", $"'client_state' must be base64, at most {MaxClientStateLength} characters.");
        }
        if (s.StatusCallback is { } callback)
        {
            if (!IsHttpUrl(callback.Url))
            {
                throw DomainException.Invalid("INVALID_STATUS_CALLBACK", "'status_callback.url' must be an absolute http(s) URL.");
            }
            if (callback.Method is not ("POST" or "GET"))
            {
                throw DomainException.Invalid("INVALID_STATUS_CALLBACK", "'status_callback.method' is 'POST' or 'GET'.");
            }
            if (callback.Events?.FirstOrDefault(e => !Conferences.StatusCallback.AllEvents.Contains(e)) is { } unknown)
            {
                throw DomainException.Invalid("INVALID_STATUS_CALLBACK", $"'{unknown}' is not a status callback event; they are: {string.Join(", ", Conferences.StatusCallback.AllEvents)}.");
            }
        }
        ValidateRole(s.Member, "member");
        ValidateRole(s.Moderator, "moderator");
        FlowAction.ParseList(s.PreActions, "pre_actions");
        FlowAction.ParseList(s.PostActions, "post_actions");
    }

    /// <summary>Applies the given fields of <paramref name="s"/> to <paramref name="state"/>; absent fields stay.</summary>
    public static void Apply(ConferenceState state, ConferenceSettings s)
    {
        state.Name = s.Name ?? state.Name;
        state.Detail = s.Detail ?? state.Detail;
        if (s.Data is { ValueKind: JsonValueKind.Object } data)
        {
            state.Data = data.Clone();
        }
        if (s.PreActions is not null)
        {
            state.PreActions = FlowAction.ParseList(s.PreActions, "pre_actions");
        }
        if (s.PostActions is not null)
        {
            state.PostActions = FlowAction.ParseList(s.PostActions, "post_actions");
        }
        state.Timeout = s.DurationMinutes is { } minutes ? minutes * 60 : s.Timeout ?? state.Timeout;
        state.MaxParticipants = state.Type == ConferenceTypes.Connect
            ? ConnectParticipants
            : s.MaxParticipants ?? state.MaxParticipants;
        state.BeepEnabled = s.BeepEnabled ?? state.BeepEnabled;
        state.StartConferenceOnCreate = s.StartConferenceOnCreate ?? state.StartConferenceOnCreate;
        state.HoldAudioUrl = s.HoldAudioUrl ?? state.HoldAudioUrl;
        state.ComfortNoise = s.ComfortNoise ?? state.ComfortNoise;
        state.ClientState = s.ClientState ?? state.ClientState;
        state.Member = state.Member.With(s.Member);
        state.Moderator = state.Moderator.With(s.Moderator);
        state.StatusCallback = s.StatusCallback ?? state.StatusCallback;
        state.EndWhenEmpty = s.EndWhenEmpty ?? state.EndWhenEmpty;
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>A beep mode (a conference's or a participant's): one of <see cref="BeepModes.All"/>.</summary>
    public static void ValidateBeep(string? beep, string field, string reason = "INVALID_BEEP")
    {
        if (beep is not null && !BeepModes.All.Contains(beep))
        {
            throw DomainException.Invalid(reason, $"'{field}' is one of: {string.Join(", ", BeepModes.All)}.");
        }
    }

    /// <summary>Whether a move from one status to another keeps the only-forward order.</summary>
    public static bool IsForward(string from, string to) => ConferenceStatus.Rank(to) > ConferenceStatus.Rank(from);

    private static void ValidateRole(RoleSettings? role, string field)
    {
        if (role?.Pins is { } pins && (pins.Length > MaxPins || pins.Any(p => string.IsNullOrEmpty(p) || p.Length > 32)))
        {
            throw DomainException.Invalid("INVALID_PINS", $"'{field}.pins' holds at most {MaxPins} non-empty pins of up to 32 characters.");
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
