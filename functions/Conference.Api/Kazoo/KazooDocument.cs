using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Json;

namespace Conference.Api.Kazoo;

/// <summary>
/// Kazoo's conference document (seed 002) in the core's terms, both ways. What the core runs on is
/// the core's (name, member and moderator join settings and pins, max_participants, entry and exit
/// tones as the beep mode, wait_for_moderator as not starting on create, the lock); the fields the
/// core has no rule for (numbers, conference_numbers, owner_id, play_name, play_welcome,
/// max_members_media, and a tone given as a string) are kept in the conference's <c>data</c>
/// under <c>kazoo</c> and given back as they were.
/// </summary>
public static class KazooDocument
{
    private const string Kept = "kazoo";
    private static readonly string[] KeptFields = ["owner_id", "conference_numbers", "play_name", "play_welcome", "max_members_media", "require_moderator", "play_entry_tone", "play_exit_tone"];

    /// <summary>The seed's default: members and moderators join muted unless the document says otherwise.</summary>
    public const bool DefaultJoinMuted = true;

    /// <summary>The settings a document asks for. <paramref name="current"/> is the conference being changed (null on create): absent fields keep its values.</summary>
    public static ConferenceSettings SettingsOf(JsonObject doc, ConferenceState? current)
    {
        var kept = current is not null && current.Data.ValueKind == JsonValueKind.Object && current.Data.TryGetProperty(Kept, out var k)
            ? JsonNode.Parse(k.GetRawText())!.AsObject()
            : [];
        foreach (var field in KeptFields)
        {
            if (doc[field] is { } value)
            {
                kept[field] = value.DeepClone();
            }
        }
        foreach (var role in new[] { "member", "moderator" })
        {
            if (doc[role]?[("numbers")] is { } numbers)
            {
                kept[role + "_numbers"] = numbers.DeepClone();
            }
        }
        string? name = null;
        if (doc["name"] is { } n)
        {
            name = n.GetValueKind() == JsonValueKind.String && n.GetValue<string>().Trim().Length is >= 1 and <= 128
                ? n.GetValue<string>().Trim()
                : throw ApiInputException.Invalid("KAZOO_INVALID", "'name' is a string of 1 to 128 characters.");
        }
        else if (current is null)
        {
            throw ApiInputException.Invalid("KAZOO_REQUIRED", "'name' is required: Field is required but missing.");
        }
        var entry = Tone(doc, "play_entry_tone") ?? (current is null ? true : current.BeepEnabled is BeepModes.Always or BeepModes.OnEnter);
        var exit = Tone(doc, "play_exit_tone") ?? (current is null ? true : current.BeepEnabled is BeepModes.Always or BeepModes.OnExit);
        var wait = Flag(doc, "wait_for_moderator") is true || Flag(doc, "require_moderator") is true;
        var waitGiven = doc["wait_for_moderator"] is not null || doc["require_moderator"] is not null;
        return new ConferenceSettings
        {
            Type = current is null ? ConferenceTypes.Conference : null,
            Name = name,
            MaxParticipants = doc["max_participants"] is { } max ? Number(max, "max_participants") : null,
            BeepEnabled = (entry, exit) switch
            {
                (true, true) => BeepModes.Always,
                (true, false) => BeepModes.OnEnter,
                (false, true) => BeepModes.OnExit,
                _ => BeepModes.Never,
            },
            StartConferenceOnCreate = waitGiven ? !wait : current is null ? true : null,
            Member = Role(doc["member"], "member", current is null),
            Moderator = Role(doc["moderator"], "moderator", current is null),
            Data = JsonSerializer.SerializeToElement(DataWith(current, kept)),
        };
    }

    /// <summary>The Kazoo fields kept in a conference's data (empty when none).</summary>
    public static JsonObject KeptOf(ConferenceState s) =>
        s.Data.ValueKind == JsonValueKind.Object && s.Data.TryGetProperty(Kept, out var k) ? JsonNode.Parse(k.GetRawText())!.AsObject() : [];

    /// <summary>The conference's data with the kept Kazoo fields in it (whatever else v1.0 put there stays).</summary>
    private static JsonObject DataWith(ConferenceState? current, JsonObject kept)
    {
        var data = current is { Data.ValueKind: JsonValueKind.Object } ? JsonNode.Parse(current.Data.GetRawText())!.AsObject() : [];
        data[Kept] = kept;
        return data;
    }

    /// <summary>The conference as Kazoo shows it, with its live <c>_read_only</c> part.</summary>
    public static JsonObject Of(ConferenceState s, DateTime now)
    {
        var kept = KeptOf(s);
        JsonNode? KeptOr(string field, JsonNode? fallback) => kept[field]?.DeepClone() ?? fallback;
        JsonObject RoleOf(RoleOptions role, string name) => new()
        {
            ["join_muted"] = role.JoinMuted,
            ["join_deaf"] = role.JoinDeaf,
            ["numbers"] = KeptOr(name + "_numbers", new JsonArray()),
            ["pins"] = new JsonArray([.. role.Pins.Select(p => JsonValue.Create(p))]),
        };
        return new JsonObject
        {
            ["id"] = s.Id.ToString("N"),
            ["name"] = s.Name,
            ["owner_id"] = KeptOr("owner_id", null),
            ["play_entry_tone"] = KeptOr("play_entry_tone", s.BeepEnabled is BeepModes.Always or BeepModes.OnEnter),
            ["play_exit_tone"] = KeptOr("play_exit_tone", s.BeepEnabled is BeepModes.Always or BeepModes.OnExit),
            ["play_name"] = KeptOr("play_name", false),
            ["play_welcome"] = KeptOr("play_welcome", true),
            ["conference_numbers"] = KeptOr("conference_numbers", new JsonArray()),
            ["member"] = RoleOf(s.Member, "member"),
            ["moderator"] = RoleOf(s.Moderator, "moderator"),
            ["max_participants"] = s.MaxParticipants,
            ["max_members_media"] = KeptOr("max_members_media", null),
            ["require_moderator"] = KeptOr("require_moderator", !s.StartConferenceOnCreate),
            ["wait_for_moderator"] = !s.StartConferenceOnCreate,
            ["focus"] = "media-host",
            ["_read_only"] = ReadOnly(s, now),
        };
    }

    /// <summary>The list's summary of a conference, from its v1.0 view (a list row).</summary>
    public static JsonObject SummaryOf(JsonElement view)
    {
        var realtime = view.GetProperty("realtime");
        JsonObject RoleOf(string name) => JsonNode.Parse(view.GetProperty(name).GetRawText())!.AsObject();
        var member = RoleOf("member");
        var moderator = RoleOf("moderator");
        var kept = view.GetProperty("data").TryGetProperty(Kept, out var k) ? JsonNode.Parse(k.GetRawText())!.AsObject() : [];
        member["numbers"] = kept["member_numbers"]?.DeepClone() ?? new JsonArray();
        moderator["numbers"] = kept["moderator_numbers"]?.DeepClone() ?? new JsonArray();
        return new JsonObject
        {
            ["id"] = view.GetProperty("id").GetGuid().ToString("N"),
            ["name"] = view.GetProperty("name").GetString(),
            ["owner_id"] = kept["owner_id"]?.DeepClone(),
            ["member"] = member,
            ["moderator"] = moderator,
            ["members"] = realtime.GetProperty("members").GetInt32(),
            ["admins"] = realtime.GetProperty("moderators").GetInt32(),
            ["duration"] = realtime.GetProperty("duration").GetInt64(),
            ["is_locked"] = view.GetProperty("is_locked").GetBoolean(),
        };
    }

    public static JsonObject ReadOnly(ConferenceState s, DateTime now)
    {
        var realtime = RealtimeView.Of(s, now);
        return new JsonObject
        {
            ["members"] = realtime.Members,
            ["admins"] = realtime.Moderators,
            ["duration"] = realtime.Duration,
            ["is_locked"] = s.IsLocked,
            ["participants"] = new JsonArray([.. s.Participants.Where(p => p.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined).Select(p => Participant(s, p, now))]),
        };
    }

    /// <summary>A participant as the seed's <c>_read_only.participants</c> shows one.</summary>
    public static JsonObject Participant(ConferenceState s, Participant p, DateTime now) => new()
    {
        ["call_id"] = p.CallId.ToString("N"),
        ["conference_name"] = s.Name,
        ["conference_uuid"] = s.Id.ToString(),
        ["switch_hostname"] = "media-host",
        ["floor"] = s.Floor == p.ConferencecallId && p.ConferencecallId != Guid.Empty,
        ["hear"] = !p.Deaf,
        ["speak"] = !p.Muted,
        ["talking"] = p.Talking,
        ["mute_detect"] = false,
        ["participant_id"] = p.Number,
        ["energy_level"] = p.EnergyLevel,
        ["current_energy"] = p.Talking ? p.EnergyLevel : 0,
        ["video"] = false,
        ["is_moderator"] = p.Role == Roles.Moderator,
        ["join_time"] = GregorianSeconds(p.JoinTime),
        ["duration"] = (long)Math.Max(0, (now - p.JoinTime).TotalSeconds),
    };

    /// <summary>Kazoo's times: seconds since year 1 of the Gregorian calendar (Erlang's), not since 1970.</summary>
    public static long GregorianSeconds(DateTime utc) => (long)(utc - DateTime.MinValue).TotalSeconds;

    private static bool? Tone(JsonObject doc, string field) => doc[field] switch
    {
        null => null,
        var v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        // A tone string or a media URL: a tone plays (the project's own; the string is kept and shown back).
        var v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => true,
        _ => throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}' is a boolean or a non-empty string."),
    };

    private static bool? Flag(JsonObject doc, string field) => doc[field] switch
    {
        null => null,
        var v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}' is a boolean."),
    };

    private static int Number(JsonNode node, string field) =>
        node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value)
            ? value
            : throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}' is a whole number.");

    private static RoleSettings? Role(JsonNode? node, string field, bool creating)
    {
        if (node is null)
        {
            return creating ? new RoleSettings { JoinMuted = DefaultJoinMuted } : null;
        }
        if (node.GetValueKind() != JsonValueKind.Object)
        {
            throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}' is an object.");
        }
        var role = node.AsObject();
        bool? RoleFlag(string name) => role[name] switch
        {
            null => creating && name == "join_muted" ? DefaultJoinMuted : null,
            var v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}.{name}' is a boolean."),
        };
        string[]? pins = role["pins"] switch
        {
            null => null,
            JsonArray array when array.All(p => p?.GetValueKind() == JsonValueKind.String) => [.. array.Select(p => p!.GetValue<string>())],
            _ => throw ApiInputException.Invalid("KAZOO_INVALID", $"'{field}.pins' is an array of strings."),
        };
        return new RoleSettings { JoinMuted = RoleFlag("join_muted"), JoinDeaf = RoleFlag("join_deaf"), Pins = pins };
    }
}
