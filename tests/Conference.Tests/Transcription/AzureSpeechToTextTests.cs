using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Conference.Media.Audio;
using Conference.Media.Transcription;
using Conference.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Tests.Transcription;

/// <summary>
/// The Azure AI Speech engine against a fake of its short-audio REST endpoint on loopback (the service
/// cannot run here): the answers are in the documented shape, the requests are checked as the service
/// would take them, and the client's own resilience handler retries what the service throttles or fails.
/// </summary>
public sealed class AzureSpeechToTextTests : IAsyncLifetime
{
    private const string Answer = """{"RecognitionStatus":"Success","DisplayText":"He was not an ill disposed young man.","Offset":1800000,"Duration":24000000}""";
    private WebApplication _app = null!;
    private Uri _endpoint = null!;

    /// <summary>A request as it came, copied: Kestrel reuses its header and query objects once the answer is sent.</summary>
    public sealed record Seen(string Method, string Path, Dictionary<string, string> Query, Dictionary<string, string> Headers, byte[] Body);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>What the fake answers next, in order; when empty, the recorded success.</summary>
    public ConcurrentQueue<(int Status, string Body)> Script { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            var (status, answer) = Script.TryDequeue(out var next) ? next : (200, Answer);
            context.Response.StatusCode = status;
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "0";
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        });
        await _app.StartAsync();
        _endpoint = new Uri(_app.Urls.First() + "/");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private AzureSpeechToText Engine(string? key = "the-key", TokenCredential? credential = null)
    {
        var services = new ServiceCollection();
        services.AddSpeechHttpClient(firstRetryDelay: TimeSpan.FromMilliseconds(20));
        var http = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(SpeechHttp.ClientName);
        return new AzureSpeechToText(http, new AzureSpeechOptions(_endpoint, key, "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/speech", ["en-US", "de-DE"]), credential);
    }

    private sealed class FixedToken : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().Result;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Add(requestContext.Scopes);
            return ValueTask.FromResult(new AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    [Fact]
    public async Task An_utterance_is_posted_as_a_16_kHz_wav_with_the_language_and_the_key()
    {
        var audio = Speech.Utterances[1].Audio;

        var text = await Engine().RecognizeAsync(audio, "en-US", CancellationToken.None);

        Assert.Equal("He was not an ill disposed young man.", text);
        var request = Assert.Single(Requests);
        Assert.Equal(("POST", "/speech/recognition/conversation/cognitiveservices/v1"), (request.Method, request.Path));
        Assert.Equal(("en-US", "simple"), (request.Query["language"], request.Query["format"]));
        Assert.Equal("audio/wav; codecs=audio/pcm; samplerate=16000", request.Headers["Content-Type"]);
        Assert.Equal("the-key", request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.Equal(audio, WavFile.ReadForMixer(request.Body));
        Assert.Equal(AudioFormat.SampleRate, BitConverter.ToInt32(request.Body, 24));
    }

    [Fact]
    public async Task With_the_managed_identity_the_entra_token_names_the_speech_resource()
    {
        var credential = new FixedToken();

        await Engine(key: null, credential).RecognizeAsync(Speech.Utterances[4].Audio, "en-US", CancellationToken.None);

        var request = Assert.Single(Requests);
        Assert.Equal("Bearer aad#/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/speech#entra-token", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], Assert.Single(credential.Scopes));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_throttled_or_failed_request_is_tried_again(int status)
    {
        Script.Enqueue((status, """{"error":"busy"}"""));
        Script.Enqueue((status, """{"error":"busy"}"""));

        var text = await Engine().RecognizeAsync(Speech.Utterances[1].Audio, "en-US", CancellationToken.None);

        Assert.Equal("He was not an ill disposed young man.", text);
        Assert.Equal(3, Requests.Count);
    }

    [Fact]
    public async Task A_refused_request_is_not_tried_again_and_fails_with_the_status()
    {
        Script.Enqueue((401, """{"error":"no"}"""));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Engine().RecognizeAsync(Speech.Utterances[1].Audio, "en-US", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Single(Requests);
    }

    [Fact]
    public async Task Silence_the_service_cannot_match_is_no_transcript()
    {
        Script.Enqueue((200, """{"RecognitionStatus":"InitialSilenceTimeout","Offset":0,"Duration":0}"""));

        Assert.Equal("", await Engine().RecognizeAsync(new short[16000], "en-US", CancellationToken.None));
    }

    [Theory]
    [InlineData("de-DE", true)]
    [InlineData("fr-FR", false)]
    public void The_configured_languages_are_the_ones_it_does(string language, bool supported)
    {
        Assert.Equal(supported, Engine().Supports(language));
    }
}
