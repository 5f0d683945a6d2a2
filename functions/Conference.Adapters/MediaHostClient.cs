using System.Net.Http.Json;
using Conference.Core.Json;
using Conference.Core.Media;

namespace Conference.Adapters;

/// <summary>The control plane's port to the media host (the confbridge).</summary>
public interface IMediaHost
{
    /// <summary>Sends one command; throws when the media host did not take it. A repeat of a message id is dropped by the media host.</summary>
    Task SendAsync(MediaCommandEnvelope command, CancellationToken cancellationToken = default);
}

/// <summary>The media host over HTTP: <c>POST {base}/v1/commands</c>, authenticated with the planes' shared key.</summary>
public sealed class MediaHostClient(HttpClient http, MediaHostOptions options) : IMediaHost
{

    public async Task SendAsync(MediaCommandEnvelope command, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, "v1/commands"))
        {
            Content = JsonContent.Create(command, options: CoreJson.Options),
        };
        request.Headers.Add(MediaPlaneKey.Header, options.SharedKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

public sealed record MediaHostOptions(Uri BaseUrl, string SharedKey);
