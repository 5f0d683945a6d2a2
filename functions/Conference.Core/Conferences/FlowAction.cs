using System.Text.Json;
using Conference.Core.Entities;

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
            actions.Add(new FlowAction(ReadId(item, "id", field), ReadId(item, "next_id", field), type.GetString()!, option));
        }
        return [.. actions];
    }

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

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
