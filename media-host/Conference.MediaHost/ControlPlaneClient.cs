using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Core.Json;
using Conference.Core.Media;
using Conference.Media.Reports;

namespace Conference.MediaHost;

/// <summary>The media host asking the control plane for something (reports go through <see cref="ReportSender"/>): a call joining a conference.</summary>
public sealed class ControlPlaneClient(HttpClient http, Uri controlPlane, string key)
{
    public sealed record JoinAnswer(HttpStatusCode Status, Guid ConferencecallId, string Reason);

    /// <summary>
    /// Asks for <paramref name="callId"/> to join the conference on behalf of the customer whose
    /// token the caller gave. The control plane checks the token and the conference's owner.
    /// </summary>
    public async Task<JoinAnswer> JoinAsync(Guid conferenceId, Guid callId, string role, string pin, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(controlPlane, "internal/media/joins"))
        {
            Content = JsonContent.Create(new { conference_id = conferenceId, call_id = callId, role, pin }, options: CoreJson.Options),
        };
        request.Headers.Add(MediaPlaneKey.Header, key);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new JoinAnswer(response.StatusCode, Guid.Empty, body.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "");
        }
        return new JoinAnswer(response.StatusCode, body.GetProperty("conferencecall_id").GetGuid(),
            body.TryGetProperty("refused_reason", out var refused) ? refused.GetString() ?? "" : "");
    }
}
