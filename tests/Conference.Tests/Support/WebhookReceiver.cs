using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Tests.Support;

/// <summary>A real HTTP webhook receiver on loopback: records every delivery and answers with the status <see cref="Answer"/> picks.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>The status for a delivery (default 200); called with the delivery and how many times its event id came before.</summary>
    public Func<Delivery, int, int> Answer { get; set; } = (_, _) => 200;

    public Uri Uri { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapMethods("/hook", ["POST", "PUT"], async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var delivery = new Delivery(context.Request.Method, buffer.ToArray(), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTime.UtcNow);
            var before = receiver.Deliveries.Count(d => d.EventId == delivery.EventId);
            receiver.Deliveries.Enqueue(delivery);
            context.Response.StatusCode = receiver.Answer(delivery, before);
        });
        await app.StartAsync();
        receiver.Uri = new Uri(app.Urls.First() + "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Delivery(string Method, byte[] Body, IReadOnlyDictionary<string, string> Headers, DateTime Received)
    {
        public JsonElement Envelope => JsonDocument.Parse(Body).RootElement;
        public string EventId => Headers.TryGetValue("X-Event-Id", out var id) ? id : "";
        public long Sequence => Envelope.GetProperty("sequence").GetInt64();
        public string Type => Envelope.GetProperty("type").GetString()!;
        public Guid ConferenceId => Envelope.GetProperty("conference_id").GetGuid();
    }
}
