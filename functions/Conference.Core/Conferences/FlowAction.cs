using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;

namespace Conference.Core.Conferences;

/// <summary>One action of a flow: <c>{id, next_id, type, option}</c>, as in the seeds.</summary>
public sealed record FlowAction(Guid Id, Guid NextId, string Type, JsonElement Option)
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "answer", "talk", "play", "beep", "sleep", "conference_join", "hangup",
    };

    /// <summary>Reads and checks an action list given by a client (400 on anything malformed).</summary>
    public static FlowAction[] ParseList(JsonElement? list, string field)
    {
        if (list is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw DomainException.Invalid("INVALID_ACTIONS", $"'{field}' must be an array of actions.");
        }
        var actions = new List<FlowAction>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !Types.Contains(type.GetString()!))
            {
                throw DomainException.Invalid("INVALID_ACTIONS",
                    $"Each of '{field}' needs a 'type', one of: {string.Join(", ", Types.Order())}.");
            }
            var option = item.TryGetProperty("option", out var o) && o.ValueKind == JsonValueKind.Object
                ? o.Clone()
                : EmptyObject;
            CheckOption(type.GetString()!, option, field);
            actions.Add(new FlowAction(ReadId(item, "id", field), ReadId(item, "next_id", field), type.GetString()!, option));
        }
        return [.. actions];
    }

    /// <summary>
    /// The index of the action after <paramref name="index"/>: the one its <c>next_id</c> names, else
    /// the next in the list; -1 at the end (an unknown <c>next_id</c> ends the flow too).
    /// </summary>
    public static int Next(IReadOnlyList<FlowAction> actions, int index)
    {
        var nextId = actions[index].NextId;
        if (nextId == Guid.Empty)
        {
            return index + 1 < actions.Count ? index + 1 : -1;
        }
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i].Id == nextId)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The longest <c>sleep</c>: ten minutes.</summary>
    public const int MaxSleepMilliseconds = 600_000;

    /// <summary>What each type needs in its option; a flow that cannot run is refused when it is given, not when it runs.</summary>
    private static void CheckOption(string type, JsonElement option, string field)
    {
        var problem = type switch
        {
            "talk" when !IsText(option, "text") => "'talk' needs option.text",
            "play" when !IsText(option, "media_url") => "'play' needs option.media_url",
            "sleep" when !option.TryGetProperty("duration", out var d) || d.ValueKind != JsonValueKind.Number
                || !d.TryGetInt32(out var ms) || ms is < 0 or > MaxSleepMilliseconds => $"'sleep' needs option.duration in milliseconds, 0 to {MaxSleepMilliseconds}",
            "conference_join" when !option.TryGetProperty("conference_id", out var c) || c.ValueKind != JsonValueKind.String
                || !Guid.TryParse(c.GetString(), out _) => "'conference_join' needs option.conference_id, a UUID",
            "conference_join" when option.TryGetProperty("role", out var r)
                && (r.ValueKind != JsonValueKind.String || r.GetString() is not (Roles.Member or Roles.Moderator or Roles.ByPin)) => "'conference_join' option.role is 'member', 'moderator' or 'by_pin'",
            "conference_join" when !IsBooleanOrAbsent(option, "muted") || !IsBooleanOrAbsent(option, "end_conference_on_exit") || !IsBooleanOrAbsent(option, "pin_prompt") =>
                "'conference_join' option.muted, option.end_conference_on_exit and option.pin_prompt are booleans",
            "conference_join" when option.TryGetProperty("full_media_url", out var f)
                && (f.ValueKind != JsonValueKind.String || !ConferenceRules.IsHttpUrl(f.GetString())) => "'conference_join' option.full_media_url is an absolute http(s) URL",
            "conference_join" when option.TryGetProperty("beep", out var b)
                && (b.ValueKind != JsonValueKind.String || !BeepModes.All.Contains(b.GetString())) => $"'conference_join' option.beep is one of: {string.Join(", ", BeepModes.All)}",
            _ => null,
        };
        if (problem is not null)
        {
            throw DomainException.Invalid("INVALID_ACTIONS", $"{problem} (in '{field}').");
        }
    }

    private static bool IsBooleanOrAbsent(JsonElement option, string name) =>
        !option.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.True or JsonValueKind.False;

    /// <summary>A <c>conference_join</c> whose caller is asked for a PIN on the keypad first (<c>option.pin_prompt</c>).</summary>
    public bool PromptsForPin => Option.ValueKind == JsonValueKind.Object && Option.TryGetProperty("pin_prompt", out var prompt) && prompt.ValueKind == JsonValueKind.True;

    /// <summary>What a <c>conference_join</c> asks of the conference for <paramref name="callId"/>.</summary>
    public JoinRequest JoinRequestFor(Guid callId) => new(
        callId, Text("role", Roles.Member), Text("pin"),
        Option.TryGetProperty("muted", out var muted) && muted.ValueKind is JsonValueKind.True or JsonValueKind.False ? muted.GetBoolean() : null,
        Option.TryGetProperty("beep", out var beep) && beep.ValueKind == JsonValueKind.String ? beep.GetString() : null,
        Option.TryGetProperty("end_conference_on_exit", out var end) && end.ValueKind == JsonValueKind.True);

    private static bool IsText(JsonElement option, string name) =>
        option.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    /// <summary>A string option, or <paramref name="fallback"/>.</summary>
    public string Text(string name, string fallback = "") =>
        Option.ValueKind == JsonValueKind.Object && Option.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()! : fallback;

    /// <summary>An action list as a command carries it (already checked when it was given); empty when there is none.</summary>
    public static FlowAction[] FromJson(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.Deserialize<FlowAction[]>(CoreJson.Options) ?? [] : [];

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>An action made in code (no id, next in the list): <paramref name="option"/> is written as its JSON object.</summary>
    public static FlowAction Of(string type, object? option = null) =>
        new(Guid.Empty, Guid.Empty, type, option is null ? EmptyObject : JsonSerializer.SerializeToElement(option));

    private static Guid ReadId(JsonElement item, string name, string field)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Guid.Empty;
        }
        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
        {
            return id;
        }
        throw DomainException.Invalid("INVALID_ACTIONS", $"'{name}' of an action in '{field}' must be a UUID.");
    }
}
