using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Json;
using Conference.Core.Media;
using Conference.Media.Calls;
using Conference.Media.Reports;

namespace Conference.MediaHost;

/// <summary>The media host asking the control plane for something (reports go through <see cref="ReportSender"/>), with the planes' shared key.</summary>
public sealed class ControlPlaneClient(HttpClient http, Uri controlPlane, string key) : IControlPlane
{
    public async Task<IncomingRoute?> IncomingCallAsync(Guid callId, string source, string destination, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("internal/media/calls", new { call_id = callId, source, destination }, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var call = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new IncomingRoute(FlowAction.ParseList(call.GetProperty("actions"), "actions"),
            call.TryGetProperty("controlled", out var controlled) && controlled.ValueKind == JsonValueKind.True);
    }

    /// <summary>
    /// Asks for the request's call to join the conference. The control plane checks the conference
    /// belongs to the call's customer, or, for a WebSocket caller, to the customer whose token it gave.
    /// </summary>
    public async Task<JoinAnswer> JoinAsync(Guid conferenceId, JoinRequest request, string? token, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("internal/media/joins", new
        {
            conference_id = conferenceId, call_id = request.CallId, role = request.Role, pin = request.Pin,
            muted = request.Muted, beep = request.Beep, end_conference_on_exit = request.EndConferenceOnExit,
        }, token, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new JoinAnswer(response.StatusCode, Guid.Empty, body.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "");
        }
        return new JoinAnswer(response.StatusCode, body.GetProperty("conferencecall_id").GetGuid(),
            body.TryGetProperty("refused_reason", out var refused) ? refused.GetString() ?? "" : "");
    }

    /// <summary>Tells the control plane what this media host has (a newer one makes an older one moot: not retried).</summary>
    public async Task HeartbeatAsync(MediaHostHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("internal/media/heartbeat", heartbeat, null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(controlPlane, path))
        {
            Content = JsonContent.Create(body, options: CoreJson.Options),
        };
        request.Headers.Add(MediaPlaneKey.Header, key);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return await http.SendAsync(request, cancellationToken);
    }
}
