using System.Globalization;
using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Api.Restcomm;

/// <summary>A conference as Restcomm shows it (the seed's attributes, in its order).</summary>
public sealed record RestcommConference(
    string Sid, string DateCreated, string DateUpdated, string AccountSid, string Status, string ApiVersion, string FriendlyName, string Uri,
    RestcommSubresources SubresourceUris)
{
    public const string RunningModeratorPresent = "RUNNING_MODERATOR_PRESENT";
    public const string RunningModeratorAbsent = "RUNNING_MODERATOR_ABSENT";
    public const string Completed = "COMPLETED";
    public static readonly string[] Statuses = [RunningModeratorPresent, RunningModeratorAbsent, Completed];

    /// <summary>From the conference's v1.0 view (a list row or the entity's state, the same JSON).</summary>
    public static RestcommConference Of(JsonElement view)
    {
        var account = RestcommSids.Of(RestcommSids.Account, view.GetProperty("customer_id").GetGuid());
        var sid = RestcommSids.Of(RestcommSids.Conference, view.GetProperty("id").GetGuid());
        var uri = RestcommUris.Conferences(account) + "/" + sid;
        return new RestcommConference(sid, RestcommDates.Of(view, "tm_create"), RestcommDates.Of(view, "tm_update"), account, StatusOf(view),
            RestcommUris.ApiVersion, view.GetProperty("name").GetString() ?? "", uri + ".json", new RestcommSubresources(uri + "/Participants.json"));
    }

    /// <summary>
    /// Restcomm's moderator is a participant whose entry starts the conference. Here that is a
    /// moderator, or anyone when the conference does not hold its joiners until then.
    /// </summary>
    private static string StatusOf(JsonElement view)
    {
        if (view.GetProperty("status").GetString() is ConferenceStatus.Terminating or ConferenceStatus.Terminated)
        {
            return Completed;
        }
        var startsOnAnyone = view.GetProperty("start_conference_on_create").GetBoolean();
        var present = view.GetProperty("realtime").GetProperty("participants").EnumerateArray().Any(p =>
            p.GetProperty("status").GetString() == ConferencecallStatus.Joined && (startsOnAnyone || p.GetProperty("role").GetString() == Roles.Moderator));
        return present ? RunningModeratorPresent : RunningModeratorAbsent;
    }
}

public sealed record RestcommSubresources(string Participants);

/// <summary>A participant (an in-progress call of the conference) as Restcomm and Twilio show it.</summary>
public sealed record RestcommParticipant(
    string AccountSid, string CallSid, string ConferenceSid, string DateCreated, string DateUpdated, bool Muted, bool Hold,
    bool StartConferenceOnEnter, bool EndConferenceOnExit, string Uri)
{
    public static bool InProgress(JsonElement view) =>
        view.GetProperty("status").GetString() is ConferencecallStatus.Joining or ConferencecallStatus.Joined;

    /// <summary>From the participant's v1.0 view and its conference (whose entry starts it, and who ends it on exit).</summary>
    public static RestcommParticipant Of(JsonElement view, ConferenceState conferenceState)
    {
        var id = view.GetProperty("id").GetGuid();
        var account = RestcommSids.Of(RestcommSids.Account, view.GetProperty("customer_id").GetGuid());
        var conference = RestcommSids.Of(RestcommSids.Conference, view.GetProperty("conference_id").GetGuid());
        var call = RestcommSids.Of(RestcommSids.Call, view.GetProperty("reference_id").GetGuid());
        return new RestcommParticipant(account, call, conference, RestcommDates.Of(view, "tm_create"), RestcommDates.Of(view, "tm_update"),
            view.GetProperty("muted").GetBoolean(), view.GetProperty("on_hold").GetBoolean(),
            conferenceState.StartConferenceOnCreate || view.GetProperty("role").GetString() == Roles.Moderator,
            conferenceState.Participants.Find(p => p.ConferencecallId == id)?.EndConferenceOnExit ?? false,
            RestcommUris.Conferences(account) + "/" + conference + "/Participants/" + call + ".json");
    }
}

/// <summary>Restcomm's dates: RFC 2822, as in the seed (<c>Tue, 31 May 2016 16:15:51 +0300</c>), given in UTC.</summary>
public static class RestcommDates
{
    public static string Of(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    public static string Of(JsonElement view, string property) =>
        Timestamps.TryParse(view.GetProperty(property).GetString() ?? "", out var utc) ? Of(utc) : "";

    public static DateTime? DayOf(JsonElement view, string property) =>
        Timestamps.TryParse(view.GetProperty(property).GetString() ?? "", out var utc) ? utc.Date : null;
}

/// <summary>URIs as the seed gives them: relative to <c>/restcomm</c>, starting at the API version.</summary>
public static class RestcommUris
{
    public const string ApiVersion = "2012-04-24";

    public static string Conferences(string accountSid) => $"/{ApiVersion}/Accounts/{accountSid}/Conferences";
}
