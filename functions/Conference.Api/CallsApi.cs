using Conference.Core.Calls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>Every /v1.0/calls endpoint: dial out, list, get, hang up.</summary>
public static class CallsApi
{
    private const string Base = "v1.0/calls";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateCall", "POST", Base, (s, _) => Create(s), Idempotent: true),
        new("ListCalls", "GET", Base, (s, _) => List(s)),
        new("GetCall", "GET", Base + "/{id}", Get),
        new("HangupCall", "DELETE", Base + "/{id}", Hangup),
    ];

    private static async Task<IResult> Create(ApiServices s)
    {
        var request = await RequestBody.BindAsync<DialRequest>(s.Context);
        var actions = FlowAction.ParseList(request.Actions, "actions");
        var body = await RequestBody.ReadAsync(s.Context);
        var key = Idempotency.KeyOf(s.Context, body);
        var id = key is null ? Guid.NewGuid() : Idempotency.IdFor(s.Customer, Resources.Call, key);
        var view = await s.Entities.CallAsync(EntityId.Call(id), nameof(CallEntity.Create),
            new CreateCall(s.Customer, CallTypes.Sip, CallDirections.Outgoing, request.Source ?? "", request.Destination ?? "", actions, key is null ? "" : body.Hash),
            cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static async Task<IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", CallStatus.Order), ("direction", [CallDirections.Incoming, CallDirections.Outgoing]));
        var page = await s.Index.ListAsync(Resources.Call, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id) =>
        new Ok(CallView.Of(await Owned(s, ApiInput.Id(id))));

    private static async Task<IResult> Hangup(ApiServices s, string? id)
    {
        var callId = ApiInput.Id(id);
        await Owned(s, callId);
        var view = await s.Entities.CallAsync(EntityId.Call(callId), nameof(CallEntity.Hangup), cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static Task<CallState> Owned(ApiServices s, Guid id) =>
        s.OwnedAsync<CallState>(EntityId.Call(id), c => c.CustomerId, "CALL_NOT_FOUND");
}
