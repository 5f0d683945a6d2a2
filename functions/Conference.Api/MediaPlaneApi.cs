using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Core.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// The control plane's side of the media host: where it reports (<c>POST /internal/media/reports</c>)
/// and where it asks for a call to join a conference (<c>POST /internal/media/joins</c>), both with
/// the planes' shared key. Each report becomes one entity operation under the report's message id,
/// so a retried report is handled once; the answer comes once the entity has stored it.
/// </summary>
public static class MediaPlaneApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        // Authenticated by the shared key, not by a customer's token.
        new("MediaReport", "POST", "internal/media/reports", (s, _) => Report(s.Context, s.Entities), Authenticated: false),
        // The media host's key, and either a call of the conference's customer or that customer's token (a WebSocket caller).
        new("MediaJoin", "POST", "internal/media/joins", (s, _) => Join(s), Authenticated: false),
        // An INVITE reached sip:direct.<hash>@...: the call it becomes, or 404 for an unknown hash.
        new("MediaIncomingCall", "POST", "internal/media/calls", (s, _) => RouteIncomingCall(s), Authenticated: false),
        // What the media host has, every couple of seconds: the control plane reconciles against it.
        new("MediaHeartbeat", "POST", "internal/media/heartbeat", (s, _) => Heartbeat(s), Authenticated: false),
    ];

    private static async Task<IResult> Heartbeat(ApiServices s)
    {
        if (RefuseWithoutSharedKey(s.Context) is { } refused)
        {
            return refused;
        }
        var heartbeat = await RequestBody.BindAsync<MediaHostHeartbeat>(s.Context, "INVALID_HEARTBEAT");
        if (heartbeat.BootId == Guid.Empty || heartbeat.Rooms is null || heartbeat.Legs is null || heartbeat.Calls is null)
        {
            throw ApiInputException.Invalid("INVALID_HEARTBEAT", "A heartbeat needs 'boot_id', 'rooms', 'legs' and 'calls'.");
        }
        await s.Context.RequestServices.GetRequiredService<MediaHostMonitor>().OnHeartbeatAsync(heartbeat, s.Entities, s.Context.RequestAborted);
        return Results.NoContent();
    }

    private static IResult? RefuseWithoutSharedKey(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<ApiOptions>().MediaSharedKey;
        return !MediaPlaneKey.Matches(context.Request.Headers[MediaPlaneKey.Header].ToString(), expected)
            ? Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "The media host's shared key is missing or wrong.")
            : null;
    }

    /// <summary>
    /// A call's <c>conference_join</c>: the conference must belong to the call's customer. A WebSocket
    /// caller has no call entity; its customer's token speaks for it instead.
    /// </summary>
    private static async Task<IResult> Join(ApiServices s)
    {
        if (RefuseWithoutSharedKey(s.Context) is { } refused)
        {
            return refused;
        }
        var request = await RequestBody.BindAsync<MediaJoin>(s.Context, "INVALID_JOIN");
        var call = await s.Entities.GetStateAsync<CallState>(EntityId.Call(request.CallId), s.Context.RequestAborted);
        if (call is null && await CustomerAuthentication.AuthenticateAsync(s.Context) is { } denied)
        {
            return denied;
        }
        var customer = call?.CustomerId ?? s.Customer;
        var conference = await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(request.ConferenceId), s.Context.RequestAborted);
        if (conference is null || conference.CustomerId != customer)
        {
            throw DomainException.NotFound("CONFERENCE_NOT_FOUND", $"No conference {request.ConferenceId}.");
        }
        var result = await s.Entities.CallAsync(EntityId.Conference(request.ConferenceId), nameof(ConferenceEntity.Join),
            new JoinRequest(request.CallId, request.Role ?? Roles.Member, request.Pin ?? "", request.Muted, request.Beep, request.EndConferenceOnExit ?? false),
            null, s.Context.RequestAborted);
        return Results.Json(result, CoreJson.Options);
    }

    private sealed record MediaJoin(Guid ConferenceId, Guid CallId, string? Role, string? Pin, bool? Muted, string? Beep, bool? EndConferenceOnExit);

    /// <summary>
    /// An INVITE to a conference's direct hash is made into a call whose actions are
    /// <c>[answer, conference_join]</c>, owned by the conference's customer; one to a dial-in number
    /// runs the voice application bound to it (RCML), joins the live conference it belongs to
    /// (Kazoo's numbers, with a PIN asked for), or rings until Call Control answers it (Telnyx),
    /// owned by the number's customer. Anything else is 404.
    /// </summary>
    private static async Task<IResult> RouteIncomingCall(ApiServices s)
    {
        if (RefuseWithoutSharedKey(s.Context) is { } refused)
        {
            return refused;
        }
        var request = await RequestBody.BindAsync<MediaIncomingCall>(s.Context, "INVALID_CALL");
        var parsed = SipAddress.TryParse(request.Destination, out var destination);
        var hash = parsed ? destination.DirectHashOf() : null;
        (Guid Customer, FlowAction[] Actions, CreateCall? Create)? route = null;
        if (request.CallId != Guid.Empty && hash is not null)
        {
            var conferenceId = await s.Context.RequestServices.GetRequiredService<DirectHashIndex>().FindAsync(hash, s.Context.RequestAborted);
            var conference = conferenceId is { } id ? await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(id), s.Context.RequestAborted) : null;
            // The index row of a regenerated hash goes when the move is delivered; the conference's own state changed before its 200.
            if (conference is not null && conference.DirectHash == hash)
            {
                route = (conference.CustomerId, IncomingCall.Actions(conference.Id), null);
            }
        }
        else if (request.CallId != Guid.Empty && parsed && await s.Context.RequestServices.GetRequiredService<DialInNumbers>().FindAsync(destination.User, s.Context.RequestAborted) is { } number)
        {
            if (number.VoiceUrl.Length > 0)
            {
                var actions = await s.Context.RequestServices.GetRequiredService<Restcomm.RcmlApplications>()
                    .ActionsAsync(s, number, request.CallId, request.Source ?? "", s.Context.RequestAborted);
                route = (number.CustomerId, actions, null);
            }
            else if (number.ConferenceId != Guid.Empty
                && await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(number.ConferenceId), s.Context.RequestAborted) is { Status: ConferenceStatus.Progressing } conference
                && conference.CustomerId == number.CustomerId)
            {
                route = (number.CustomerId, Kazoo.KazooDialIn.Actions(conference, number.Role, Kazoo.KazooDocument.KeptOf(conference)), null);
            }
            else if (number.Role == Telnyx.TelnyxCallsApi.CallControlRole)
            {
                route = (number.CustomerId, [], Telnyx.TelnyxCallsApi.IncomingCall(number, request.Source ?? "", request.Destination ?? ""));
            }
        }
        if (route is not { } found)
        {
            throw DomainException.NotFound("DESTINATION_NOT_FOUND", $"'{request.Destination}' leads to no conference and no voice application.");
        }
        var view = await s.Entities.CallAsync(EntityId.Call(request.CallId), nameof(CallEntity.Create), found.Create ??
            new CreateCall(found.Customer, CallTypes.Sip, CallDirections.Incoming, request.Source ?? "", request.Destination ?? "", found.Actions),
            cancellationToken: s.Context.RequestAborted);
        return Results.Json(view, CoreJson.Options);
    }

    private sealed record MediaIncomingCall(Guid CallId, string? Source, string? Destination);

    private static async Task<IResult> Report(HttpContext context, IEntityGateway entities)
    {
        if (RefuseWithoutSharedKey(context) is { } refused)
        {
            return refused;
        }
        MediaReport report;
        try
        {
            report = await RequestBody.BindAsync<MediaReport>(context, "INVALID_REPORT");
        }
        catch (NotSupportedException)
        {
            throw ApiInputException.Invalid("INVALID_REPORT", "The body is not a media report.");
        }
        var monitor = context.RequestServices.GetRequiredService<MediaHostMonitor>();
        switch (report)
        {
            case LegLeft left:
                monitor.LegLeft(left.LegId);
                break;
            case LegJoined joined:
                monitor.LegJoined(joined.LegId);
                break;
            case RoomReady ready:
                monitor.RoomReady(ready.RoomId);
                break;
        }
        var (target, operation, input) = report switch
        {
            RoomReady r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.RoomReady), (object?)null),
            LegJoined r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.Joined), null),
            LegLeft r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.Left), new LegLeftInput(r.Reason, r.CallUp)),
            LegLiveness r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.MediaLiveness), r.Alive),
            CallStatusReport r => (EntityId.Call(r.CallId), nameof(CallEntity.StatusChanged), new CallStatusInput(r.Status, r.Reason)),
            Talking r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.TalkingChanged), new TalkingChange(r.LegId, r.IsTalking, r.EnergyLevel)),
            FloorChanged r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.FloorChanged), r.LegId),
            RecordingSaved r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.RecordingSaved), new RecordingSavedReport(r.RecordingId, r.BlobName, r.DurationSeconds)),
            TranscriptSegment r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.TranscriptCreated), new TranscriptReport(r.TranscribeId, r.LegId, r.Direction, r.Message, r.At)),
            _ => throw ApiInputException.Invalid("INVALID_REPORT", "The body is not a media report."),
        };
        await entities.SignalAsync(target, operation, input, report.MessageId, context.RequestAborted);
        return Results.NoContent();
    }
}
