using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>Every /v1.0/conferences endpoint. Handlers only read input, check ownership and call the conference entity.</summary>
public static class ConferencesApi
{
    private const string Base = "v1.0/conferences";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateConference", "POST", Base, (s, _) => Create(s), Idempotent: true),
        new("ListConferences", "GET", Base, (s, _) => List(s)),
        new("GetConference", "GET", Base + "/{id}", Get),
        new("UpdateConference", "PUT", Base + "/{id}", (s, id) => Command(s, id, nameof(ConferenceEntity.Update), async ctx => await RequestBody.BindAsync<ConferenceSettings>(ctx))),
        new("DeleteConference", "DELETE", Base + "/{id}", (s, id) => Command(s, id, nameof(ConferenceEntity.Terminate), _ => Task.FromResult<object?>(new TerminateConference(EndReasons.Api)))),
        CommandRoute("recording_start", nameof(ConferenceEntity.RecordingStart), async ctx => await RequestBody.BindAsync<RecordingStartRequest>(ctx)),
        CommandRoute("recording_stop", nameof(ConferenceEntity.RecordingStop)),
        CommandRoute("recording_pause", nameof(ConferenceEntity.RecordingPause)),
        CommandRoute("recording_resume", nameof(ConferenceEntity.RecordingResume)),
        CommandRoute("transcribe_start", nameof(ConferenceEntity.TranscribeStart), async ctx => new StartTranscribe((await RequestBody.BindAsync<TranscribeStartRequest>(ctx)).Language,
            ctx.RequestServices.GetRequiredService<ApiOptions>().TranscribeLanguages)),
        CommandRoute("transcribe_stop", nameof(ConferenceEntity.TranscribeStop)),
        CommandRoute("direct-hash-regenerate", nameof(ConferenceEntity.RegenerateDirectHash)),
        CommandRoute("lock", nameof(ConferenceEntity.Lock)),
        CommandRoute("unlock", nameof(ConferenceEntity.Unlock)),
        CommandRoute("participants_action", nameof(ConferenceEntity.ParticipantsAction), async ctx => await RequestBody.BindAsync<ParticipantsActionRequest>(ctx)),
        CommandRoute("play", nameof(ConferenceEntity.Play), async ctx => await RequestBody.BindAsync<PlayRequest>(ctx)),
    ];

    /// <summary>A <c>POST /conferences/{id}/&lt;path&gt;</c> command, with its input read from the body (none when not given).</summary>
    private static ApiRoute CommandRoute(string path, string operation, Func<HttpContext, Task<object?>>? input = null) =>
        new("Conference_" + path.Replace('-', '_'), "POST", Base + "/{id}/" + path,
            (s, id) => Command(s, id, operation, input ?? (_ => Task.FromResult<object?>(null))), Idempotent: true);

    private static async Task<IResult> Create(ApiServices s)
    {
        var settings = await RequestBody.BindAsync<ConferenceSettings>(s.Context);
        var body = await RequestBody.ReadAsync(s.Context);
        var key = Idempotency.KeyOf(s.Context, body);
        var id = key is null ? Guid.NewGuid() : Idempotency.IdFor(s.Customer, Resources.Conference, key);
        var view = await s.Entities.CallAsync(EntityId.Conference(id), nameof(ConferenceEntity.Create),
            new CreateConference(s.Customer, settings, key is null ? "" : body.Hash), cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static async Task<IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", ConferenceStatus.Order), ("type", [ConferenceTypes.Conference, ConferenceTypes.Connect]), ("name", null));
        var page = await s.Index.ListAsync(Resources.Conference, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: true, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id)
    {
        var state = await Owned(s, ApiInput.Id(id));
        return new Ok(ConferenceView.Of(state, s.Now));
    }

    private static async Task<IResult> Command(ApiServices s, string? id, string operation, Func<HttpContext, Task<object?>> input)
    {
        var conferenceId = ApiInput.Id(id);
        await Owned(s, conferenceId);
        var argument = await input(s.Context);
        var view = await s.Entities.CallAsync(EntityId.Conference(conferenceId), operation, argument, cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static Task<ConferenceState> Owned(ApiServices s, Guid id) =>
        s.OwnedAsync<ConferenceState>(EntityId.Conference(id), c => c.CustomerId, "CONFERENCE_NOT_FOUND");
}
