using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Json;
using Conference.Core.Media;
using Conference.Media;
using Conference.Media.Calls;
using Conference.Media.Reports;
using Conference.Media.WebSockets;

namespace Conference.MediaHost;

/// <summary>
/// The media host's HTTP surface. <c>POST /v1/commands</c> takes the control plane's commands;
/// <c>/v1/calls/{call_id}/audio</c> is a WebSocket carrying a call's audio (the temporary path
/// until SIP calls exist); <c>/v1/conferences/{id}/join</c> is the same for a person with a
/// customer token: the media host asks the control plane to join a new call and bridges the socket.
/// </summary>
public static class MediaHostApi
{
    public static void MapMediaHostApi(this WebApplication app)
    {
        app.MapGet("/health", (Confbridge confbridge) => Results.Ok(new { status = "ok", boot_id = confbridge.BootId }));
        app.MapGet("/ready", Ready);
        app.MapGet("/v1/stats", Stats);
        app.MapPost("/v1/commands", Command);
        app.MapGet("/v1/calls/{callId:guid}/audio", CallAudio);
        app.MapGet("/v1/conferences/{conferenceId:guid}/join", JoinAudio);
    }

    private static IResult Ready(Confbridge confbridge, IReportSink reports)
    {
        var stalled = confbridge.Clock.Stats.Any(s => s.Rooms > 0 && s.Ticks == 0);
        var backlog = reports is ReportSender sender ? sender.Pending : 0;
        return stalled || backlog > 10_000
            ? Results.Json(new { status = "not_ready", report_backlog = backlog }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new { status = "ready", report_backlog = backlog });
    }

    private static IResult Stats(HttpContext context, MediaHostSettings settings, Confbridge confbridge, IReportSink reports, SipCalls sip)
    {
        if (!MediaKey.Matches(context, settings.SharedKey))
        {
            return Unauthorized();
        }
        var legs = confbridge.Rooms.SelectMany(r => r.Legs).ToArray();
        return Results.Json(new
        {
            rooms = confbridge.Rooms.Count,
            legs = legs.Length,
            calls = confbridge.Calls.Count,
            prompt_failures = confbridge.PromptFailures,
            packets_in = legs.Sum(l => l.Counters.PacketsIn),
            packets_out = legs.Sum(l => l.Counters.PacketsOut),
            malformed = legs.Sum(l => l.Counters.Malformed),
            wrong_payload_type = legs.Sum(l => l.Counters.WrongPayloadType),
            wrong_size = legs.Sum(l => l.Counters.WrongSize),
            foreign = legs.Sum(l => l.Counters.Foreign),
            sip = new
            {
                calls = sip.Active, received = sip.Endpoint.Counters.Received, malformed = sip.Endpoint.Counters.Malformed,
                retransmissions = sip.Endpoint.Counters.Retransmissions, calls_in = sip.Endpoint.Counters.CallsIn,
                calls_out = sip.Endpoint.Counters.CallsOut, rejected = sip.Endpoint.Counters.Rejected,
            },
            transcription = confbridge.Transcription is { } t ? new
            {
                engine = t.Engine.Name, workers = t.Workers, backlog = t.Backlog, queued = t.Counters.Queued, transcribed = t.Counters.Transcribed,
                empty = t.Counters.Empty, dropped = t.Counters.Dropped, failed = t.Counters.Failed,
                audio_seconds = TimeSpan.FromTicks(t.Counters.AudioTicks).TotalSeconds, busy_seconds = TimeSpan.FromTicks(t.Counters.BusyTicks).TotalSeconds,
                delay_mean_ms = t.Counters.Transcribed == 0 ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(0, t.Counters.DelayTicksTotal / t.Counters.Transcribed).TotalMilliseconds,
                delay_max_ms = System.Diagnostics.Stopwatch.GetElapsedTime(0, t.Counters.DelayTicksMax).TotalMilliseconds,
            } : null,
            reports_sent = (reports as ReportSender)?.Sent,
            reports_dropped = (reports as ReportSender)?.Dropped,
            clocks = confbridge.Clock.Stats.Select(s => new
            {
                s.Thread, s.Rooms, s.Ticks, missed_ticks = s.MissedTicks, failed_ticks = s.FailedTicks,
                lateness_p50_ms = s.LatenessP50.TotalMilliseconds, lateness_p99_ms = s.LatenessP99.TotalMilliseconds, lateness_max_ms = s.LatenessMax.TotalMilliseconds,
            }),
        }, CoreJson.Options);
    }

    private static async Task<IResult> Command(HttpContext context, MediaHostSettings settings, Confbridge confbridge)
    {
        if (!MediaKey.Matches(context, settings.SharedKey))
        {
            return Unauthorized();
        }
        MediaCommandEnvelope? envelope;
        try
        {
            envelope = await JsonSerializer.DeserializeAsync<MediaCommandEnvelope>(context.Request.Body, CoreJson.Options, context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid command", detail: e.Message);
        }
        if (envelope?.Command is null || envelope.MessageId == Guid.Empty)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid command", detail: "A command needs 'message_id' and 'command'.");
        }
        await confbridge.HandleAsync(envelope, context.RequestAborted);
        return Results.Ok(new { message_id = envelope.MessageId });
    }

    private static async Task CallAudio(HttpContext context, Guid callId, MediaHostSettings settings, Confbridge confbridge)
    {
        if (!MediaKey.Matches(context, settings.SharedKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await RunWebSocketLegAsync(context, callId, confbridge);
    }

    private static async Task JoinAudio(HttpContext context, Guid conferenceId, Confbridge confbridge, ControlPlaneClient controlPlane)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var query = context.Request.Query;
        var token = query["token"].ToString();
        if (token.Length == 0 && context.Request.Headers.Authorization.ToString() is { } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..];
        }
        var callId = Guid.NewGuid();
        var role = query["role"].ToString() is { Length: > 0 } r ? r : "member";
        // The upgrade waits for the bridge: a join refused anywhere (by the control plane, or for want of a room here) is an HTTP error, never an open socket in silence.
        var bridged = confbridge.ExpectBridge(callId);
        try
        {
            var answer = await controlPlane.JoinAsync(conferenceId, new JoinRequest(callId, role, query["pin"].ToString()), token, context.RequestAborted);
            if (!answer.Accepted)
            {
                context.Response.StatusCode = answer.Status == System.Net.HttpStatusCode.OK ? StatusCodes.Status409Conflict : (int)answer.Status;
                await context.Response.WriteAsJsonAsync(new { reason = answer.Reason });
                return;
            }
            var refusal = await WaitForBridgeAsync(bridged, context.RequestAborted);
            if (refusal.Length > 0)
            {
                if (refusal == NoBridge)
                {
                    // The bridge command never came: the participant must not wait for a leg that will never be.
                    confbridge.GiveUpBridge(answer.ConferencecallId, NoBridge);
                }
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "2";
                await context.Response.WriteAsJsonAsync(new { reason = refusal });
                return;
            }
            context.Response.Headers["X-Conferencecall-Id"] = answer.ConferencecallId.ToString();
        }
        finally
        {
            confbridge.ForgetBridge(callId);
        }
        await RunWebSocketLegAsync(context, callId, confbridge);
    }

    private const string NoBridge = "no_bridge";

    /// <summary>How long a WebSocket join waits for the control plane's bridge command.</summary>
    public static readonly TimeSpan BridgeWait = TimeSpan.FromSeconds(10);

    private static async Task<string> WaitForBridgeAsync(Task<string> bridged, CancellationToken cancellationToken)
    {
        try
        {
            return await bridged.WaitAsync(BridgeWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return NoBridge;
        }
    }

    private static async Task RunWebSocketLegAsync(HttpContext context, Guid callId, Confbridge confbridge)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var leg = new WebSocketLeg(callId, socket);
        confbridge.AttachCall(leg);
        await leg.RunAsync(context.RequestAborted);
    }

    private static IResult Unauthorized() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The planes' shared key is missing or wrong.");
}
