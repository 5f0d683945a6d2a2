using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Adapters;
using Conference.Core.Conferences;

namespace Conference.Api.Kazoo;

/// <summary>
/// Kazoo's dial-in: a conference's <c>conference_numbers</c> (the PIN decides member or moderator),
/// <c>member.numbers</c> and <c>moderator.numbers</c> lead to it. A caller hears the welcome (unless
/// <c>play_welcome</c> is false), is asked for a PIN on the keypad when the role it may get has PINs,
/// and joins with that role's settings; the media host asks again after a wrong PIN, three times in all.
/// A caller to a full conference hears <c>max_members_media</c> when it is a WAV's URL.
/// </summary>
public static class KazooDialIn
{
    public const string Welcome = "Welcome to the conference.";

    /// <summary>The numbers a document gives, with the role each leads to (400 for one that is not a number).</summary>
    public static Dictionary<string, string> NumbersOf(JsonObject kept)
    {
        var numbers = new Dictionary<string, string>();
        foreach (var (field, shown, role) in new[] { ("conference_numbers", "conference_numbers", Roles.ByPin), ("member_numbers", "member.numbers", Roles.Member), ("moderator_numbers", "moderator.numbers", Roles.Moderator) })
        {
            if (kept[field] is not JsonArray list)
            {
                continue;
            }
            foreach (var item in list)
            {
                var number = item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : null;
                if (!DialInNumbers.IsWellFormed(number))
                {
                    throw ApiInputException.Invalid("KAZOO_INVALID", $"'{shown}' holds phone numbers: digits, with an optional leading '+'.");
                }
                numbers[number!] = role;
            }
        }
        return numbers;
    }

    /// <summary>What a call to one of the conference's numbers does.</summary>
    public static FlowAction[] Actions(ConferenceState conference, string role, JsonObject kept)
    {
        var pins = role switch
        {
            Roles.Member => conference.Member.Pins.Length > 0,
            Roles.Moderator => conference.Moderator.Pins.Length > 0,
            _ => conference.Member.Pins.Length > 0 || conference.Moderator.Pins.Length > 0,
        };
        var actions = new List<FlowAction> { FlowAction.Of("answer") };
        if (kept["play_welcome"] is not JsonValue welcome || welcome.GetValueKind() != JsonValueKind.False)
        {
            actions.Add(FlowAction.Of("talk", new { text = Welcome, language = "en-US" }));
        }
        var full = kept["max_members_media"] is JsonValue media && media.GetValueKind() == JsonValueKind.String && ConferenceRules.IsHttpUrl(media.GetValue<string>())
            ? media.GetValue<string>()
            : null;
        actions.Add(FlowAction.Of("conference_join", full is null
            ? new { conference_id = conference.Id.ToString(), role, pin_prompt = pins }
            : (object)new { conference_id = conference.Id.ToString(), role, pin_prompt = pins, full_media_url = full }));
        return [.. actions];
    }
}
