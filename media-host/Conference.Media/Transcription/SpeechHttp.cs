using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Conference.Media.Transcription;

/// <summary>
/// The HTTP client the Azure engine uses: the framework's standard resilience handler, so a 429 or a
/// 5xx (and a timeout) is tried again with exponential backoff and jitter, after any <c>Retry-After</c>.
/// </summary>
public static class SpeechHttp
{
    public const string ClientName = "speech";

    public static IHttpClientBuilder AddSpeechHttpClient(this IServiceCollection services, TimeSpan? firstRetryDelay = null)
    {
        var builder = services.AddHttpClient(ClientName);
        builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 3;
            options.Retry.Delay = firstRetryDelay ?? TimeSpan.FromSeconds(1);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        });
        return builder;
    }
}
