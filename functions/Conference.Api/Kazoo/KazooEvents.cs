using System.Text.Json;
using Conference.Core.Events;

namespace Conference.Api.Kazoo;

/// <summary>
/// Participant events in Kazoo's names (seed 002) for a live WebSocket that asked for them
/// (<c>"format": "kazoo"</c>): <c>add-member</c>, <c>del-member</c>, <c>start-talking</c>, <c>stop-talking</c>,
/// <c>mute-member</c>, <c>unmute-member</c>, <c>deaf-member</c>, <c>undeaf-member</c>, with the fields of the
/// seed's example the project has. A participant's update says only how it is now, so each socket
/// remembers how its participants were, to tell a mute from a deaf. Other events are not sent.
/// </summary>
public sealed class KazooEvents
{
    private readonly Dictionary<Guid, (bool Muted, bool Deaf)> _known = [];

    public IEnumerable<object> Translate(ConferenceEvent e)
    {
        var data = e.Data;
        switch (e.Type)
        {
            case EventTypes.ConferencecallJoined:
                _known[data.GetProperty("id").GetGuid()] = Flags(data);
                yield return Event(e, "add-member", data);
                break;
            case EventTypes.ConferencecallLeaved:
                _known.Remove(data.GetProperty("id").GetGuid());
                yield return Event(e, "del-member", data);
                break;
            case EventTypes.TalkingStarted or EventTypes.TalkingStopped:
                yield return Event(e, e.Type == EventTypes.TalkingStarted ? "start-talking" : "stop-talking", data);
                break;
            case EventTypes.ConferencecallUpdated:
                var id = data.GetProperty("id").GetGuid();
                var now = Flags(data);
                var before = _known.GetValueOrDefault(id, (Muted: false, Deaf: false));
                _known[id] = now;
                if (now.Muted != before.Muted)
                {
                    yield return Event(e, now.Muted ? "mute-member" : "unmute-member", data);
                }
                if (now.Deaf != before.Deaf)
                {
                    yield return Event(e, now.Deaf ? "deaf-member" : "undeaf-member", data);
                }
                break;
        }
    }

    private static (bool Muted, bool Deaf) Flags(JsonElement view) => (view.GetProperty("muted").GetBoolean(), view.GetProperty("deaf").GetBoolean());

    private static Dictionary<string, object?> Event(ConferenceEvent e, string name, JsonElement data)
    {
        var talking = e.Type == EventTypes.TalkingStarted;
        var energy = data.TryGetProperty("energy_level", out var level) ? level.GetInt32() : 0;
        var fields = new Dictionary<string, object?>
        {
            ["event"] = name,
            ["event_name"] = "participant_event",
            ["event_category"] = "conference",
            ["routing_key"] = "participant_event",
            ["app_name"] = "conference",
            ["msg_id"] = e.Id.ToString("N")[..16],
            ["conference_id"] = e.ConferenceId.ToString("N"),
            ["focus"] = "media-host",
            ["custom_channel_vars"] = new { account_id = e.CustomerId.ToString("N") },
            ["talking"] = talking,
            ["energy_level"] = energy,
            ["current_energy"] = talking ? energy : 0,
            ["floor"] = false,
            ["mute_detect"] = false,
            ["video"] = false,
        };
        if (data.TryGetProperty("reference_id", out var call))
        {
            fields["call_id"] = call.GetGuid().ToString("N");
            fields["speak"] = !data.GetProperty("muted").GetBoolean();
            fields["hear"] = !data.GetProperty("deaf").GetBoolean();
            fields["is_moderator"] = data.GetProperty("role").GetString() == Core.Conferences.Roles.Moderator;
        }
        if (data.TryGetProperty("conferencecall_id", out var participant))
        {
            fields["conferencecall_id"] = participant.GetGuid();
        }
        else if (data.TryGetProperty("id", out var id))
        {
            fields["conferencecall_id"] = id.GetGuid();
        }
        return fields;
    }
}
