using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Restcomm;

/// <summary>
/// The Restcomm 2012-04-24 Conferences and Participants resources (seed 004), the shape Twilio's
/// 2010-04-01 API shares. A translation only: reads come from the same entities and list indexes as
/// v1.0, and changes are the same entity operations (mute, hold, kick), so every rule stays in the
/// core. Authenticated as v1.0 is (an access key or login token; Restcomm clients send it as HTTP
/// Basic's password with their AccountSid as user). Conferences are read-only, as the seed says:
/// POST, PUT and DELETE on them are 405.
/// </summary>
public static class RestcommApi
{
    private const string Conferences = "restcomm/" + RestcommUris.ApiVersion + "/Accounts/{account}/Conferences";
    private const string Participants = Conferences + "/{conference}/Participants";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Restcomm_ListConferences", "GET", Conferences, (s, _) => ListConferences(s)),
        new("Restcomm_ListConferencesJson", "GET", Conferences + ".json", (s, _) => ListConferences(s)),
        new("Restcomm_GetConference", "GET", Conferences + "/{conference}", (s, _) => GetConference(s)),
        new("Restcomm_ListParticipants", "GET", Participants, (s, _) => ListParticipants(s)),
        new("Restcomm_ListParticipantsJson", "GET", Participants + ".json", (s, _) => ListParticipants(s)),
        new("Restcomm_GetParticipant", "GET", Participants + "/{call}", (s, _) => GetParticipant(s)),
        new("Restcomm_UpdateParticipant", "POST", Participants + "/{call}", (s, _) => UpdateParticipant(s)),
        new("Restcomm_KickParticipant", "DELETE", Participants + "/{call}", (s, _) => KickParticipant(s)),
    ];

    private static async Task<IResult> ListConferences(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var paging = RestcommPaging.From(s.Context.Request);
        var filters = new Dictionary<string, string>();
        if (RestcommQuery.Value(s.Context.Request, "FriendlyName") is { Length: > 0 } name)
        {
            filters["name"] = name;
        }
        var status = Choice(RestcommQuery.Value(s.Context.Request, "Status"), RestcommConference.Statuses, "Status");
        var created = DayFilter(s.Context.Request, "DateCreated");
        var updated = DayFilter(s.Context.Request, "DateUpdated");
        var rows = await s.Index.FirstAsync(Resources.Conference, s.Customer, filters, paging.Limit, s.Context.RequestAborted);
        var conferences = rows
            .Where(row => created(RestcommDates.DayOf(row, "tm_create")) && updated(RestcommDates.DayOf(row, "tm_update")))
            .Select(RestcommConference.Of)
            .Where(c => status is null || c.Status == status)
            .ToList();
        return new RestcommBody(paging.Envelope(conferences, RestcommUris.Conferences(path.AccountSid), "conferences", Node), path.Json, "conferences", "Conference");
    }

    private static async Task<IResult> GetConference(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var conference = await OwnedConference(s, path);
        return new RestcommBody(Node(RestcommConference.Of(View(ConferenceView.Of(conference, s.Now))))!.AsObject(), path.Json, ItemName: "Conference");
    }

    private static async Task<IResult> ListParticipants(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var paging = RestcommPaging.From(s.Context.Request);
        var conference = await OwnedConference(s, path);
        var filters = new Dictionary<string, string> { ["conference_id"] = conference.Id.ToString() };
        var rows = await s.Index.FirstAsync(Resources.Conferencecall, s.Customer, filters, paging.Limit, s.Context.RequestAborted);
        var participants = rows.Where(RestcommParticipant.InProgress).Select(row => RestcommParticipant.Of(row, conference)).ToList();
        var uri = RestcommUris.Conferences(path.AccountSid) + "/" + path.ConferenceSid + "/Participants";
        return new RestcommBody(paging.Envelope(participants, uri, "participants", Node), path.Json, "participants", "Participant");
    }

    private static async Task<IResult> GetParticipant(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var conference = await OwnedConference(s, path);
        return Participant(path, ConferencecallView.Of(await InProgressParticipant(s, path, conference)), conference);
    }

    /// <summary>
    /// <c>Muted</c> and <c>Hold</c> (<c>true</c> or <c>false</c>, form-encoded) become mute/unmute and
    /// hold/unhold; setting a flag is idempotent by itself, so no idempotency key is needed.
    /// </summary>
    private static async Task<IResult> UpdateParticipant(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var conference = await OwnedConference(s, path);
        var participant = await InProgressParticipant(s, path, conference);
        var form = s.Context.Request.HasFormContentType ? await s.Context.Request.ReadFormAsync(s.Context.RequestAborted) : FormCollection.Empty;
        var operations = new List<string>();
        if (Flag(form, "Muted") is { } muted)
        {
            operations.Add(muted ? nameof(ConferencecallEntity.Mute) : nameof(ConferencecallEntity.Unmute));
        }
        if (Flag(form, "Hold") is { } hold)
        {
            operations.Add(hold ? nameof(ConferencecallEntity.Hold) : nameof(ConferencecallEntity.Unhold));
        }
        // Each operation answers the participant as it left it; the last answer is the one to show.
        var view = ConferencecallView.Of(participant);
        foreach (var operation in operations)
        {
            view = await s.Entities.CallAsync<ConferencecallView>(EntityId.Conferencecall(participant.Id), operation, cancellationToken: s.Context.RequestAborted);
        }
        return Participant(path, view, conference);
    }

    private static async Task<IResult> KickParticipant(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var participant = await InProgressParticipant(s, path, await OwnedConference(s, path));
        await s.Entities.CallAsync(EntityId.Conferencecall(participant.Id), nameof(ConferencecallEntity.Kick), cancellationToken: s.Context.RequestAborted);
        return Results.NoContent();
    }

    private static RestcommBody Participant(RestcommPath path, ConferencecallView participant, ConferenceState conference) =>
        new(Node(RestcommParticipant.Of(View(participant), conference))!.AsObject(), path.Json, ItemName: "Participant");

    private static async Task<ConferenceState> OwnedConference(ApiServices s, RestcommPath path) =>
        RestcommSids.Parse(RestcommSids.Conference, path.ConferenceSid ?? "") is { } id
            ? await s.OwnedAsync<ConferenceState>(EntityId.Conference(id), c => c.CustomerId, "CONFERENCE_NOT_FOUND")
            : throw DomainException.NotFound("CONFERENCE_NOT_FOUND", $"No conference {path.ConferenceSid}.");

    /// <summary>A participant is its call in the room: one that has left, or is in another conference, is not found.</summary>
    private static async Task<ConferencecallState> InProgressParticipant(ApiServices s, RestcommPath path, ConferenceState conference)
    {
        var conferencecall = RestcommSids.Parse(RestcommSids.Call, path.CallSid ?? "") is { } callId
            ? conference.Participants.Find(p => p.CallId == callId)?.ConferencecallId
            : null;
        var participant = conferencecall is { } id ? await s.Entities.GetStateAsync<ConferencecallState>(EntityId.Conferencecall(id), s.Context.RequestAborted) : null;
        return participant is { Status: ConferencecallStatus.Joining or ConferencecallStatus.Joined } && participant.ConferenceId == conference.Id
                                                                                                      && participant.CustomerId == s.Customer
            ? participant
            : throw DomainException.NotFound("PARTICIPANT_NOT_FOUND", $"No participant {path.CallSid} in conference {path.ConferenceSid}.");
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, CoreJson.Options);

    private static JsonElement View<T>(T view) => JsonSerializer.SerializeToElement(view, CoreJson.Options);

    private static bool? Flag(IFormCollection form, string name) => form[name].ToString() switch
    {
        "" => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw ApiInputException.Invalid("INVALID_PARAMETER", $"{name} is true or false."),
    };

    private static string? Choice(string value, string[] allowed, string name) =>
        value.Length == 0 ? null
        : allowed.Contains(value, StringComparer.Ordinal) ? value
        : throw ApiInputException.Invalid("INVALID_FILTER", $"{name} is one of: {string.Join(", ", allowed)}.");

    /// <summary>
    /// A date filter as Restcomm and Twilio take it: <c>Name=YYYY-MM-DD</c> for that day,
    /// <c>Name&lt;=YYYY-MM-DD</c> on or before, <c>Name&gt;=YYYY-MM-DD</c> on or after (UTC days).
    /// </summary>
    private static Func<DateTime?, bool> DayFilter(HttpRequest request, string name)
    {
        DateTime? Day(string key)
        {
            var text = RestcommQuery.Value(request, key);
            if (text.Length == 0)
            {
                return null;
            }
            return DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
                ? day
                : throw ApiInputException.Invalid("INVALID_FILTER", $"{key} is a date, YYYY-MM-DD.");
        }
        var on = Day(name);
        var notAfter = Day(name + "<");
        var notBefore = Day(name + ">");
        return day => day is { } d ? (on is null || d == on) && (notAfter is null || d <= notAfter) && (notBefore is null || d >= notBefore) : on is null && notAfter is null && notBefore is null;
    }
}
