using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Conference.Storage;

public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>A service version both Azurite 3.35 and Azure accept.</summary>
    public const string ServiceVersion = "2025-01-05";

    public StorageClientOptions()
    {
        Retry.MaxRetries = 4;
        Retry.Delay = TimeSpan.FromMilliseconds(100);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}

/// <summary>Builds the HTTP pipeline for one service and turns failed answers into <see cref="RequestFailedException"/>.</summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(StorageAccount account, SharedKeyPolicy.Service service, StorageClientOptions? options)
    {
        options ??= new StorageClientOptions();
        HttpPipelinePolicy auth = account.Key is { } key
            ? new SharedKeyPolicy(account.Name, key, service)
            : new BearerTokenAuthenticationPolicy(account.Credential ?? throw new ArgumentException("The account has neither a key nor a credential."),
                "https://storage.azure.com/.default");
        return HttpPipelineBuilder.Build(options, [], [auth], new ResponseClassifier());
    }

    /// <summary>The URL of <paramref name="pathAndQuery"/> under a service endpoint.</summary>
    public static Uri UrlOf(Uri endpoint, string pathAndQuery) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery);

    /// <summary>A request to the service at <paramref name="endpoint"/>, with the service version every request carries.</summary>
    public static HttpMessage CreateMessage(this HttpPipeline pipeline, RequestMethod method, Uri endpoint, string pathAndQuery)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(UrlOf(endpoint, pathAndQuery));
        message.Request.Headers.Add("x-ms-version", StorageClientOptions.ServiceVersion);
        return message;
    }

    /// <summary>
    /// Sends the message and returns its response; when <paramref name="expected"/> names statuses,
    /// any other status is thrown as a <see cref="RequestFailedException"/> with the service's error code.
    /// </summary>
    public static async Task<Response> SendAsync(this HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken, int[] expected)
    {
        await pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        return expected.Length == 0 || expected.Contains(response.Status) ? response : throw Failure(response);
    }

    /// <summary>The service's error code from the header or, for tables, the OData error body.</summary>
    public static RequestFailedException Failure(Response response)
    {
        var code = response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null;
        var message = response.ReasonPhrase;
        try
        {
            if (response.Content.ToMemory().Length > 0 && response.Headers.ContentType?.Contains("json") == true)
            {
                using var document = JsonDocument.Parse(response.Content.ToMemory());
                if (document.RootElement.TryGetProperty("odata.error", out var error))
                {
                    code ??= error.GetProperty("code").GetString();
                    message = error.GetProperty("message").GetProperty("value").GetString() ?? message;
                }
            }
        }
        catch (JsonException)
        {
            // Keep the reason phrase: the body was not the error shape.
        }
        return new RequestFailedException(response.Status, $"{response.Status} {code}: {message}", code, null);
    }
}
