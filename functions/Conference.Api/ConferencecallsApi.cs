using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>Every /v1.0/conferencecalls endpoint: list, get, kick, and the per-participant flags.</summary>
public static class ConferencecallsApi
{
    private const string Base = "v1.0/conferencecalls";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListConferencecalls", "GET", Base, (s, _) => List(s)),
        new("GetConferencecall", "GET", Base + "/{id}", Get),
        new("KickConferencecall", "DELETE", Base + "/{id}", (s, id) => Command(s, id, nameof(ConferencecallEntity.Kick))),
        .. new[]
        {
            nameof(ConferencecallEntity.Mute), nameof(ConferencecallEntity.Unmute), nameof(ConferencecallEntity.Deaf),
            nameof(ConferencecallEntity.Undeaf), nameof(ConferencecallEntity.Hold), nameof(ConferencecallEntity.Unhold),
        }.Select(operation => new ApiRoute("Conferencecall_" + operation.ToLowerInvariant(), "POST", Base + "/{id}/" + operation.ToLowerInvariant(),
            (s, id) => Command(s, id, operation), Idempotent: true)),
    ];

    private static async Task<IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("conference_id", null), ("status", ConferencecallStatus.Order));
        if (filters.TryGetValue("conference_id", out var conferenceId))
        {
            filters["conference_id"] = ApiInput.Id(conferenceId).ToString();
        }
        var page = await s.Index.ListAsync(Resources.Conferencecall, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id) =>
        new Ok(ConferencecallView.Of(await Owned(s, ApiInput.Id(id))));

    private static async Task<IResult> Command(ApiServices s, string? id, string operation)
    {
        var callId = ApiInput.Id(id);
        await Owned(s, callId);
        var view = await s.Entities.CallAsync(EntityId.Conferencecall(callId), operation, cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static Task<ConferencecallState> Owned(ApiServices s, Guid id) =>
        s.OwnedAsync<ConferencecallState>(EntityId.Conferencecall(id), c => c.CustomerId, "CONFERENCECALL_NOT_FOUND");
}
