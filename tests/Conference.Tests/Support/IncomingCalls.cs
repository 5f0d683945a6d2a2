using System.Net;
using System.Text;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Media;

namespace Conference.Tests.Support;

/// <summary>What the media host asks the control plane when an INVITE arrives, as the media host asks it.</summary>
public static class IncomingCalls
{
    public static async Task<(HttpStatusCode Status, FlowAction[] Actions)> RouteAsync(ApiFactory api, string user, Guid callId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/media/calls")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { call_id = callId, source = "sip:alice@127.0.0.1:5062", destination = $"sip:{user}@127.0.0.1:5060" }),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(MediaPlaneKey.Header, api.MediaKey);
        var response = await api.CreateClient().SendAsync(request);
        return response.StatusCode != HttpStatusCode.OK
            ? (response.StatusCode, [])
            : (response.StatusCode, FlowAction.ParseList((await response.JsonAsync()).GetProperty("actions"), "actions"));
    }
}
