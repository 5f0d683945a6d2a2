using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conference.Adapters.Accounts;
using Conference.Adapters.Events;
using Conference.Core.Accounts;
using Conference.Core.Events;
using Conference.Core.Json;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Conference.Api.Telnyx;

/// <summary>
/// A customer's webhook in Telnyx's shape, for a customer whose <c>webhook_format</c> is <c>telnyx</c>:
/// <c>{"data": {"record_type": "event", "event_type", "id", "occurred_at", "payload"}, "meta": {"attempt", "delivered_to"}}</c>,
/// signed as Telnyx signs: Ed25519 over <c>timestamp|body</c>, in <c>telnyx-signature-ed25519</c> (base64)
/// and <c>telnyx-timestamp</c> (Unix seconds). The key pair is the customer's own, derived from its
/// webhook secret; its public half is at <c>GET /v2/webhook_public_key</c>. A call dialed through
/// Call Control tells of itself too (<c>call.initiated</c>, <c>call.answered</c>, <c>call.hangup</c>).
/// Events Telnyx has no name for (updates, talking, joining) are not sent.
/// </summary>
public sealed class TelnyxWebhooks : IWebhookFormat
{
    public const string SignatureHeader = "telnyx-signature-ed25519";
    public const string TimestampHeader = "telnyx-timestamp";

    public string Name => WebhookFormatNames.Telnyx;

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        // Telnyx shows its public key in its portal; here the account reads its own.
        new("Telnyx_WebhookPublicKey", "GET", "v2/webhook_public_key", async (s, _) =>
        {
            var customer = await s.Context.RequestServices.GetRequiredService<CustomerStore>().GetCachedAsync(s.Customer, s.Context.RequestAborted);
            return new Ok(new { data = new { public_key = PublicKeyOf(customer?.WebhookSecret ?? ""), format = WebhookFormatNames.Telnyx } });
        }),
    ];

    /// <summary>The seed's expected events, by the project's event type.</summary>
    public static readonly IReadOnlyDictionary<string, string> EventTypes = new Dictionary<string, string>
    {
        [Core.Events.EventTypes.ConferenceCreated] = "conference.created",
        [Core.Events.EventTypes.ConferencecallJoined] = "conference.participant.joined",
        [Core.Events.EventTypes.ConferencecallLeaved] = "conference.participant.left",
        [Core.Events.EventTypes.ConferenceDeleted] = "conference.ended",
        [Core.Events.EventTypes.RecordingSaved] = "conference.recording.saved",
        [Core.Events.EventTypes.FloorChanged] = "conference.floor.changed",
        [Core.Events.EventTypes.CallCreated] = "call.initiated",
        [Core.Events.EventTypes.CallAnswered] = "call.answered",
        [Core.Events.EventTypes.CallHangup] = "call.hangup",
    };

    public HttpRequestMessage? RequestFor(CustomerView customer, WebhookDelivery delivery, int attempt, DateTimeOffset now)
    {
        var e = delivery.Event;
        if (!EventTypes.TryGetValue(e.Type, out var eventType))
        {
            return null;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            data = new
            {
                record_type = "event",
                event_type = eventType,
                id = e.Id,
                occurred_at = TelnyxTimes.Of(delivery.Created),
                payload = Payload(customer.Id, e),
            },
            meta = new { attempt, delivered_to = customer.WebhookUri },
        }, CoreJson.Options);
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(new HttpMethod(customer.WebhookMethod), customer.WebhookUri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Convert.ToBase64String(Sign(customer.WebhookSecret ?? "", [.. Encoding.UTF8.GetBytes(timestamp + "|"), .. body])));
        return request;
    }

    private static Dictionary<string, object?> Payload(Guid customerId, ConferenceEvent e)
    {
        var payload = new Dictionary<string, object?>
        {
            ["client_state"] = e.ClientState.Length > 0 ? e.ClientState : null,
            ["connection_id"] = null,
        };
        if (Core.Events.EventTypes.IsCallEvent(e.Type))
        {
            // A call's own event: its stream is the call.
            var id = e.Data.GetProperty("id").GetGuid();
            payload["call_control_id"] = TelnyxIds.CallControlId(customerId, id);
            payload["call_leg_id"] = id;
            payload["call_session_id"] = id;
            payload["from"] = e.Data.GetProperty("source").GetString();
            payload["to"] = e.Data.GetProperty("destination").GetString();
            payload["direction"] = e.Data.GetProperty("direction").GetString() == Core.Calls.CallDirections.Outgoing ? "outgoing" : "incoming";
            payload["state"] = e.Type switch
            {
                Core.Events.EventTypes.CallCreated => "bridging",
                Core.Events.EventTypes.CallAnswered => "answered",
                _ => "hangup",
            };
            if (e.Type == Core.Events.EventTypes.CallHangup)
            {
                payload["hangup_cause"] = e.Data.GetProperty("hangup_reason").GetString() switch
                {
                    Core.Calls.HangupReasons.Normal => "normal_clearing",
                    Core.Calls.HangupReasons.Busy => "user_busy",
                    Core.Calls.HangupReasons.NoAnswer => "timeout",
                    Core.Calls.HangupReasons.Cancel => "originator_cancel",
                    var other => other,
                };
            }
            return payload;
        }
        payload["conference_id"] = e.ConferenceId;
        var call = e.Data.TryGetProperty("reference_id", out var reference) ? reference.GetGuid()
            : e.Data.TryGetProperty("call_id", out var callId) ? callId.GetGuid()
            : Guid.Empty;
        if (call != Guid.Empty)
        {
            payload["call_control_id"] = TelnyxIds.CallControlId(customerId, call);
            payload["call_leg_id"] = call;
            payload["call_session_id"] = call;
        }
        switch (e.Type)
        {
            case Core.Events.EventTypes.ConferenceDeleted:
                payload["reason"] = TelnyxConference.EndReasonOf(e.Data.GetProperty("end_reason").GetString());
                break;
            case Core.Events.EventTypes.ConferencecallLeaved:
                payload["reason"] = e.Data.TryGetProperty("leave_reason", out var left) ? left.GetString() : null;
                break;
            case Core.Events.EventTypes.RecordingSaved:
                var recording = e.Data.GetProperty("recording_id").GetGuid();
                payload["recording_id"] = recording;
                payload["format"] = "wav";
                payload["channels"] = "single";
                payload["duration_secs"] = e.Data.GetProperty("duration").GetDouble();
                payload["recording_urls"] = new { wav = $"/v1.0/recordings/{recording}/file" };
                break;
        }
        return payload;
    }

    /// <summary>The customer's Ed25519 key: its seed is derived from the customer's webhook secret, so nothing more is stored.</summary>
    private static Ed25519PrivateKeyParameters KeyOf(string webhookSecret) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("telnyx-webhook-ed25519\n" + webhookSecret)));

    public static string PublicKeyOf(string webhookSecret) => Convert.ToBase64String(KeyOf(webhookSecret).GeneratePublicKey().GetEncoded());

    private static byte[] Sign(string webhookSecret, byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, KeyOf(webhookSecret));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Checks a signature as a Telnyx client does (for tests and for the README's example).</summary>
    public static bool Verify(string publicKey, string timestamp, byte[] body, string signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromBase64String(publicKey)));
        byte[] message = [.. Encoding.UTF8.GetBytes(timestamp + "|"), .. body];
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(Convert.FromBase64String(signature));
    }
}
