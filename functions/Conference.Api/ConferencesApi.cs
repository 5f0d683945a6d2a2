using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conference.Api;

/// <summary>Every /v1.0/conferences endpoint. Handlers only read input, check ownership and call the conference entity.</summary>
public static class ConferencesApi
{
    public static RouteGroupBuilder MapConferencesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/conferences");
        group.MapPost("", Create).AddEndpointFilter(Idempotency.Filter);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapPut("/{id}", (string id, [AsParameters] ApiServices s) => Command(s, id, nameof(ConferenceEntity.Update), async ctx => await RequestBody.BindAsync<ConferenceSettings>(ctx)));
        group.MapDelete("/{id}", (string id, [AsParameters] ApiServices s) => Command(s, id, nameof(ConferenceEntity.Terminate), _ => Task.FromResult<object?>(new TerminateConference(EndReasons.Api))));

        MapCommand(group, "recording_start", nameof(ConferenceEntity.RecordingStart), ctx => RequestBody.BindAsync<RecordingStartRequest>(ctx));
        MapCommand(group, "recording_stop", nameof(ConferenceEntity.RecordingStop));
        MapCommand(group, "recording_pause", nameof(ConferenceEntity.RecordingPause));
        MapCommand(group, "recording_resume", nameof(ConferenceEntity.RecordingResume));
        MapCommand(group, "transcribe_start", nameof(ConferenceEntity.TranscribeStart), ctx => RequestBody.BindAsync<TranscribeStartRequest>(ctx));
        MapCommand(group, "transcribe_stop", nameof(ConferenceEntity.TranscribeStop));
        MapCommand(group, "direct-hash-regenerate", nameof(ConferenceEntity.RegenerateDirectHash));
        MapCommand(group, "lock", nameof(ConferenceEntity.Lock));
        MapCommand(group, "unlock", nameof(ConferenceEntity.Unlock));
        MapCommand(group, "participants_action", nameof(ConferenceEntity.ParticipantsAction), ctx => RequestBody.BindAsync<ParticipantsActionRequest>(ctx));
        MapCommand(group, "play", nameof(ConferenceEntity.Play), ctx => RequestBody.BindAsync<PlayRequest>(ctx));
        return group;
    }

    private static void MapCommand<TInput>(RouteGroupBuilder group, string path, string operation, Func<HttpContext, Task<TInput>> input) =>
        group.MapPost("/{id}/" + path, (string id, [AsParameters] ApiServices s) => Command(s, id, operation, async ctx => await input(ctx)))
            .AddEndpointFilter(Idempotency.Filter);

    private static void MapCommand(RouteGroupBuilder group, string path, string operation) =>
        group.MapPost("/{id}/" + path, (string id, [AsParameters] ApiServices s) => Command(s, id, operation, _ => Task.FromResult<object?>(null)))
            .AddEndpointFilter(Idempotency.Filter);

    private static async Task<IResult> Create([AsParameters] ApiServices s)
    {
        var settings = await RequestBody.BindAsync<ConferenceSettings>(s.Context);
        var body = await RequestBody.ReadAsync(s.Context);
        var key = Idempotency.KeyOf(s.Context, body);
        var id = key is null ? Guid.NewGuid() : Idempotency.IdFor(s.Customer, Resources.Conference, key);
        var view = await s.Entities.CallAsync(EntityId.Conference(id), nameof(ConferenceEntity.Create),
            new CreateConference(s.Customer, settings, key is null ? "" : body.Hash), cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static async Task<IResult> List([AsParameters] ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", ConferenceStatus.Order), ("type", [ConferenceTypes.Conference, ConferenceTypes.Connect]), ("name", null));
        var page = await s.Index.ListAsync(Resources.Conference, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: true, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(string id, [AsParameters] ApiServices s)
    {
        var state = await Owned(s, ApiInput.Id(id));
        return new Ok(ConferenceView.Of(state, s.Now));
    }

    private static async Task<IResult> Command(ApiServices s, string id, string operation, Func<HttpContext, Task<object?>> input)
    {
        var conferenceId = ApiInput.Id(id);
        var argument = await input(s.Context);
        await Owned(s, conferenceId);
        var view = await s.Entities.CallAsync(EntityId.Conference(conferenceId), operation, argument, cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static Task<ConferenceState> Owned(ApiServices s, Guid id) =>
        s.OwnedAsync<ConferenceState>(EntityId.Conference(id), c => c.CustomerId, "CONFERENCE_NOT_FOUND");
}
