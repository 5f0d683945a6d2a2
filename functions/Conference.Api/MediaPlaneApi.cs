using System.Text.Json;
using Conference.Adapters;
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
        // Both: the media host's key, and the token of the customer whose caller is joining.
        new("MediaJoin", "POST", "internal/media/joins", (s, _) => Join(s)),
    ];

    private static IResult? RefuseWithoutSharedKey(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<ApiOptions>().MediaSharedKey;
        return !MediaPlaneKey.Matches(context.Request.Headers[MediaPlaneKey.Header].ToString(), expected)
            ? Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "The media host's shared key is missing or wrong.")
            : null;
    }

    /// <summary>A call (a WebSocket until SIP calls exist) joins a conference of the token's customer: the same Join a call's conference_join action makes.</summary>
    private static async Task<IResult> Join(ApiServices s)
    {
        if (RefuseWithoutSharedKey(s.Context) is { } refused)
        {
            return refused;
        }
        var body = (await RequestBody.ReadAsync(s.Context)).Json;
        var request = body.Deserialize<MediaJoin>(CoreJson.Options) ?? throw ApiInputException.Invalid("INVALID_JOIN", "The body is not a join.");
        await s.OwnedAsync<ConferenceState>(EntityId.Conference(request.ConferenceId), c => c.CustomerId, "CONFERENCE_NOT_FOUND");
        var result = await s.Entities.CallAsync(EntityId.Conference(request.ConferenceId), nameof(ConferenceEntity.Join),
            new JoinRequest(request.CallId, request.Role ?? Roles.Member, request.Pin ?? ""), null, s.Context.RequestAborted);
        return Results.Json(result, CoreJson.Options);
    }

    private sealed record MediaJoin(Guid ConferenceId, Guid CallId, string? Role, string? Pin);

    private static async Task<IResult> Report(HttpContext context, IEntityGateway entities)
    {
        if (RefuseWithoutSharedKey(context) is { } refused)
        {
            return refused;
        }
        MediaReport? report;
        try
        {
            report = (await RequestBody.ReadAsync(context)).Json.Deserialize<MediaReport>(CoreJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw ApiInputException.Invalid("INVALID_REPORT", "The body is not a media report.");
        }
        var (target, operation, input) = report switch
        {
            RoomReady r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.RoomReady), (object?)null),
            LegJoined r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.Joined), null),
            LegLeft r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.Left), new LegLeftInput(r.Reason, r.CallUp)),
            LegLiveness r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.MediaLiveness), r.Alive),
            CallStatus r => (EntityId.Conferencecall(r.LegId), nameof(ConferencecallEntity.CallStatusChanged), r.Status),
            Talking r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.TalkingChanged), new TalkingChange(r.LegId, r.IsTalking, r.EnergyLevel)),
            FloorChanged r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.FloorChanged), r.LegId),
            RecordingSaved r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.RecordingSaved), new RecordingSavedReport(r.RecordingId, r.BlobName, r.DurationSeconds)),
            TranscriptSegment r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.TranscriptCreated), new TranscriptReport(r.TranscribeId, r.LegId, r.Direction, r.Message, r.At)),
            _ => throw ApiInputException.Invalid("INVALID_REPORT", "The body is not a media report."),
        };
        await entities.CallAsync(target, operation, input, report.MessageId, context.RequestAborted);
        return Results.NoContent();
    }
}
