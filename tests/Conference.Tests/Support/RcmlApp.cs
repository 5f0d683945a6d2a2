using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Tests.Support;

/// <summary>
/// A voice application on loopback, as a Restcomm or Twilio customer runs one: it answers each path in
/// <see cref="Documents"/> with that RCML and in <see cref="Files"/> with that file, anything under <c>/status</c> with 200 (status callbacks), and
/// records every request with its parameters (the form of a POST, the query of a GET).
/// </summary>
public sealed class RcmlApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RcmlApp(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, string> Documents { get; } = new();

    /// <summary>Media it serves as they are (a WAV for hold audio), by path.</summary>
    public ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> Files { get; } = new();
    public ConcurrentQueue<Request> Requests { get; } = new();
    public Uri BaseUri { get; private set; } = null!;

    public Uri Url(string path) => new(BaseUri, path);

    public IReadOnlyList<Request> To(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task<RcmlApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var rcml = new RcmlApp(app);
        app.Run(async context =>
        {
            var fields = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
                : context.Request.Query.ToDictionary(f => f.Key, f => f.Value.ToString());
            var path = context.Request.Path.Value ?? "";
            rcml.Requests.Enqueue(new Request(context.Request.Method, path, fields, DateTime.UtcNow));
            if (path.StartsWith("/status", StringComparison.Ordinal))
            {
                return;
            }
            if (rcml.Files.TryGetValue(path, out var file))
            {
                context.Response.ContentType = file.ContentType;
                await context.Response.Body.WriteAsync(file.Bytes);
                return;
            }
            if (rcml.Documents.TryGetValue(path, out var document))
            {
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync(document);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        rcml.BaseUri = new Uri(app.Urls.First() + "/");
        return rcml;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Fields, DateTime Received);
}
