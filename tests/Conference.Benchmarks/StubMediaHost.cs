using System.Net.Http.Json;
using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Benchmarks;

/// <summary>
/// For the API benchmark only: answers the control plane's commands as a healthy media host's
/// control API would (room ready at once), with no audio behind it, so the figures measure the
/// control plane and not its handling of a missing media plane.
/// </summary>
public static class StubMediaHost
{
    public static async Task<int> RunAsync(string listenUrl, Uri controlPlane, string sharedKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listenUrl);
        var app = builder.Build();
        var reports = new HttpClient { BaseAddress = controlPlane };
        reports.DefaultRequestHeaders.Add(MediaPlaneKey.Header, sharedKey);
        app.MapPost("/v1/commands", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var command = body.RootElement.GetProperty("command");
            if (command.GetProperty("type").GetString() == "create_room")
            {
                var roomId = command.GetProperty("room_id").GetString();
                _ = reports.PostAsJsonAsync("internal/media/reports", new Dictionary<string, string?>
                {
                    ["type"] = "room_ready", ["message_id"] = Guid.NewGuid().ToString(), ["room_id"] = roomId,
                });
            }
            return Results.Accepted();
        });
        await app.RunAsync();
        return 0;
    }
}
