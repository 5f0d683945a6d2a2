using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Adapters;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api.Kazoo;

/// <summary>
/// Kazoo's v2 conferences API (seed 002) over the same entities: documents in and out of Kazoo's
/// envelopes, and the lock, participants and participant actions as the core's operations.
/// Authenticated by <c>X-Auth-Token</c> (an access key or login token); <c>ACCOUNT_ID</c> is the
/// customer's id in Kazoo's form (32 hex digits) and any other is 404.
/// </summary>
public static class KazooConferencesApi
{
    private const string Base = "v2/accounts/{account}/conferences";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Kazoo_ListConferences", "GET", Base, (s, _) => List(s)),
        new("Kazoo_CreateConference", "PUT", Base, (s, _) => Create(s)),
        new("Kazoo_GetConference", "GET", Base + "/{id}", Get),
        new("Kazoo_ReplaceConference", "POST", Base + "/{id}", Change),
        new("Kazoo_PatchConference", "PATCH", Base + "/{id}", Change),
        new("Kazoo_DeleteConference", "DELETE", Base + "/{id}", Delete),
        new("Kazoo_ConferenceAction", "PUT", Base + "/{id}", ConferenceAction),
        new("Kazoo_ListParticipants", "GET", Base + "/{id}/participants", Participants),
        new("Kazoo_ParticipantsAction", "PUT", Base + "/{id}/participants", ParticipantsAction),
        new("Kazoo_ParticipantAction", "PUT", Base + "/{id}/participants/{participant}", ParticipantAction),
    ];

    private static async Task<IResult> List(ApiServices s)
    {
        Account(s);
        var rows = await s.Index.FirstAsync(Resources.Conference, s.Customer, new Dictionary<string, string>(), 10_000, s.Context.RequestAborted);
        return KazooEnvelope.Success(s.Context, new JsonArray([.. rows.Select(KazooDocument.SummaryOf)]));
    }

    private static async Task<IResult> Create(ApiServices s)
    {
        Account(s);
        var settings = KazooDocument.SettingsOf(await DataAsync(s), null);
        var id = Guid.NewGuid();
        var numbers = await FreeNumbersAsync(s, id, settings);
        await s.Entities.CallAsync(EntityId.Conference(id), nameof(ConferenceEntity.Create), new CreateConference(s.Customer, settings), cancellationToken: s.Context.RequestAborted);
        await Numbers(s).BindConferenceAsync(s.Customer, id, numbers, s.Now, s.Context.RequestAborted);
        return await DocumentAsync(s, id);
    }

    private static async Task<IResult> Get(ApiServices s, string? id) => await DocumentAsync(s, (await Owned(s, id)).Id);

    /// <summary>POST (Kazoo's replace) and PATCH (merge): the fields given change, as v1.0's update does.</summary>
    private static async Task<IResult> Change(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        var settings = KazooDocument.SettingsOf(await DataAsync(s), conference);
        var numbers = await FreeNumbersAsync(s, conference.Id, settings);
        await s.Entities.CallAsync(EntityId.Conference(conference.Id), nameof(ConferenceEntity.Update), settings, cancellationToken: s.Context.RequestAborted);
        await Numbers(s).BindConferenceAsync(s.Customer, conference.Id, numbers, s.Now, s.Context.RequestAborted);
        return await DocumentAsync(s, conference.Id);
    }

    private static async Task<IResult> Delete(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        await s.Entities.CallAsync(EntityId.Conference(conference.Id), nameof(ConferenceEntity.Terminate), new TerminateConference(EndReasons.Api), cancellationToken: s.Context.RequestAborted);
        return await DocumentAsync(s, conference.Id);
    }

    private static async Task<IResult> ConferenceAction(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        var operation = await ActionAsync(s) switch
        {
            "lock" => nameof(ConferenceEntity.Lock),
            "unlock" => nameof(ConferenceEntity.Unlock),
            _ => throw ApiInputException.Invalid("KAZOO_INVALID", "'action' is lock or unlock."),
        };
        await s.Entities.CallAsync(EntityId.Conference(conference.Id), operation, cancellationToken: s.Context.RequestAborted);
        return await DocumentAsync(s, conference.Id);
    }

    private static async Task<IResult> Participants(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        return KazooEnvelope.Success(s.Context, KazooDocument.ReadOnly(conference, s.Now)["participants"]!.DeepClone());
    }

    /// <summary>mute, unmute, deaf and undeaf every participant but the moderators; kick everyone (the core's rule).</summary>
    private static async Task<IResult> ParticipantsAction(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        await s.Entities.CallAsync(EntityId.Conference(conference.Id), nameof(ConferenceEntity.ParticipantsAction),
            new ParticipantsActionRequest(await ActionAsync(s)), cancellationToken: s.Context.RequestAborted);
        return await DocumentAsync(s, conference.Id);
    }

    private static async Task<IResult> ParticipantAction(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        var shown = Segment(s, 6);
        var number = int.TryParse(shown, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        var participant = conference.Participants.Find(p => p.Number == number && p.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined)
            ?? throw DomainException.NotFound("PARTICIPANT_NOT_FOUND", $"No participant {shown} in conference {conference.Id:N}.");
        var operation = await ActionAsync(s) switch
        {
            "mute" => nameof(ConferencecallEntity.Mute),
            "unmute" => nameof(ConferencecallEntity.Unmute),
            "deaf" => nameof(ConferencecallEntity.Deaf),
            "undeaf" => nameof(ConferencecallEntity.Undeaf),
            "kick" => nameof(ConferencecallEntity.Kick),
            _ => throw ApiInputException.Invalid("KAZOO_INVALID", "'action' is one of: mute, unmute, deaf, undeaf, kick."),
        };
        await s.Entities.CallAsync(EntityId.Conferencecall(participant.ConferencecallId), operation, cancellationToken: s.Context.RequestAborted);
        return await DocumentAsync(s, conference.Id);
    }

    private static DialInNumbers Numbers(ApiServices s) => s.Context.RequestServices.GetRequiredService<DialInNumbers>();

    /// <summary>
    /// The numbers the conference will have, each free for it: not bound to an application, nor to
    /// another conference that is still live (a number of a conference that ended can be taken).
    /// </summary>
    private static async Task<Dictionary<string, string>> FreeNumbersAsync(ApiServices s, Guid conferenceId, ConferenceSettings settings)
    {
        var kept = settings.Data is { } data && data.TryGetProperty("kazoo", out var k) ? System.Text.Json.Nodes.JsonNode.Parse(k.GetRawText())!.AsObject() : [];
        var numbers = KazooDialIn.NumbersOf(kept);
        foreach (var number in numbers.Keys)
        {
            if (await Numbers(s).FindAsync(number, s.Context.RequestAborted) is { } taken && taken.ConferenceId != conferenceId
                && (taken.ConferenceId == Guid.Empty || await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(taken.ConferenceId), s.Context.RequestAborted)
                    is { Status: ConferenceStatus.Starting or ConferenceStatus.Progressing }))
            {
                throw DomainException.Conflict("NUMBER_TAKEN", $"'{number}' already leads elsewhere.");
            }
        }
        return numbers;
    }

    /// <summary>The request's <c>data</c> object (Kazoo's request envelope).</summary>
    private static async Task<JsonObject> DataAsync(ApiServices s)
    {
        var body = await RequestBody.ReadAsync(s.Context);
        return body.Json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(data.GetRawText())!.AsObject()
            : throw ApiInputException.Invalid("KAZOO_REQUIRED", "'data' is required: the request is {\"data\": {...}}.");
    }

    private static async Task<string> ActionAsync(ApiServices s) =>
        (await DataAsync(s))["action"] is { } action && action.GetValueKind() == JsonValueKind.String
            ? action.GetValue<string>()
            : throw ApiInputException.Invalid("KAZOO_REQUIRED", "'action' is required.");

    /// <summary>The account in the path must be the token's customer; any other account is 404.</summary>
    private static void Account(ApiServices s)
    {
        var shown = Segment(s, 2);
        if (!Guid.TryParseExact(shown, "N", out var account) || account != s.Customer)
        {
            throw DomainException.NotFound("ACCOUNT_NOT_FOUND", $"No account {shown}.");
        }
    }

    /// <summary>A segment of the path, read from the path itself (the Functions host binds route values as parameters); empty when there is none.</summary>
    private static string Segment(ApiServices s, int index)
    {
        var segments = (s.Context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > index ? segments[index] : "";
    }

    private static async Task<ConferenceState> Owned(ApiServices s, string? id)
    {
        Account(s);
        return Guid.TryParse(id, out var conference)
            ? await s.OwnedAsync<ConferenceState>(EntityId.Conference(conference), c => c.CustomerId, "CONFERENCE_NOT_FOUND")
            : throw DomainException.NotFound("CONFERENCE_NOT_FOUND", $"No conference {id}.");
    }

    private static async Task<IResult> DocumentAsync(ApiServices s, Guid id)
    {
        var state = await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(id), s.Context.RequestAborted);
        return KazooEnvelope.Success(s.Context, KazooDocument.Of(state!, s.Now), Revision(state!));
    }

    /// <summary>Kazoo's revision: a number and a digest; here the update time says which version of the document this is.</summary>
    private static string Revision(ConferenceState state) => $"{state.Sequence}-{state.TmUpdate.Ticks:x}";
}
