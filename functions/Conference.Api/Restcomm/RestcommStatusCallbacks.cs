using System.Text.Json;
using Conference.Adapters.Events;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;

namespace Conference.Api.Restcomm;

/// <summary>
/// A conference status callback as Twilio and Restcomm send it: a form (a query string for GET) with
/// <c>StatusCallbackEvent</c> = <c>conference-start</c>, <c>conference-end</c>, <c>participant-join</c> or
/// <c>participant-leave</c>, the conference's and account's sids, <c>SequenceNumber</c> (the conference's
/// callbacks counted from 1) and, for a participant, its <c>CallSid</c> and flags.
/// </summary>
public sealed class RestcommStatusCallbacks : IStatusCallbackFormat
{
    public HttpRequestMessage RequestFor(ConferenceEvent callback, StatusCallback target)
    {
        var form = Fields(callback);
        if (target.Method == "GET")
        {
            var query = string.Join("&", form.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
            var separator = target.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            return new HttpRequestMessage(HttpMethod.Get, target.Url + separator + query);
        }
        return new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new FormUrlEncodedContent(form) };
    }

    public static Dictionary<string, string> Fields(ConferenceEvent callback)
    {
        var data = callback.Data;
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = RestcommSids.Of(RestcommSids.Account, callback.CustomerId),
            ["ConferenceSid"] = RestcommSids.Of(RestcommSids.Conference, callback.ConferenceId),
            ["FriendlyName"] = Text(data, "name"),
            ["StatusCallbackEvent"] = callback.Type switch
            {
                "start" => "conference-start",
                "end" => "conference-end",
                "join" => "participant-join",
                "leave" => "participant-leave",
                var other => other,
            },
            ["SequenceNumber"] = callback.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Timestamp"] = Timestamps.TryParse(Text(data, "timestamp"), out var at) ? RestcommDates.Of(at) : "",
        };
        if (data.TryGetProperty("call_id", out var call) && call.ValueKind == JsonValueKind.String)
        {
            fields["CallSid"] = RestcommSids.Of(RestcommSids.Call, call.GetGuid());
            fields["Muted"] = Flag(data, "muted");
            fields["Hold"] = Flag(data, "hold");
            fields["EndConferenceOnExit"] = Flag(data, "end_conference_on_exit");
            fields["StartConferenceOnEnter"] = Flag(data, "start_conference_on_enter");
        }
        if (callback.Type == "end")
        {
            fields["ReasonConferenceEnded"] = Text(data, "end_reason") switch
            {
                EndReasons.Api => "conference-ended-via-api",
                EndReasons.HostLeft => "participant-with-end-conference-on-exit-left",
                EndReasons.AllLeft => "last-participant-left",
                var other => other,
            };
        }
        return fields;
    }

    private static string Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Flag(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True ? "true" : "false";
}
