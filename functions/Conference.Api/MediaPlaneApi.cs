using System.Security.Cryptography;
using System.Text;
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
/// Where the media host reports (<c>POST /internal/media/reports</c>, with the planes' shared key).
/// Each report becomes one entity operation under the report's message id, so a retried report
/// is handled once; the answer comes once the entity has stored it.
/// </summary>
public static class MediaReportsApi
{
    /// <summary>Authenticated by the planes' shared key, not by a customer's token.</summary>
    public static ApiRoute Route { get; } = new("MediaReport", "POST", "internal/media/reports", (s, _) => Report(s.Context, s.Entities), Authenticated: false);

    private static async Task<IResult> Report(HttpContext context, IEntityGateway entities)
    {
        var expected = context.RequestServices.GetRequiredService<ApiOptions>().MediaSharedKey;
        var given = context.Request.Headers[MediaHostClient.KeyHeader].ToString();
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "The media host's shared key is missing or wrong.");
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
