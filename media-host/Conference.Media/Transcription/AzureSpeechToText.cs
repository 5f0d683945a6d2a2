using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Conference.Media.Audio;

namespace Conference.Media.Transcription;

/// <summary>
/// Where Azure AI Speech is and how to reach it: its speech-to-text endpoint
/// (<c>https://&lt;region&gt;.stt.speech.microsoft.com</c>), and either a key or, with the managed
/// identity, the Speech resource's id (Entra tokens name the resource they are for).
/// </summary>
public sealed record AzureSpeechOptions(Uri Endpoint, string? Key, string? ResourceId, IReadOnlyList<string> Languages);

/// <summary>
/// Azure AI Speech's REST API for short audio, one request per utterance (at most 60 s; utterances
/// are cut at 20 s): the utterance as a 16 kHz WAV, the recognised text from <c>DisplayText</c>.
/// Authenticated with a key (<c>Ocp-Apim-Subscription-Key</c>) or with a Microsoft Entra token of the
/// managed identity (<c>Authorization: Bearer aad#&lt;resource id&gt;#&lt;token&gt;</c>, the resource
/// having a custom domain and the identity the Cognitive Services Speech User role). Retries of 429
/// and 5xx are the HTTP client's resilience handler's (<see cref="SpeechHttp"/>).
/// </summary>
public sealed class AzureSpeechToText(HttpClient http, AzureSpeechOptions options, TokenCredential? credential = null) : ISpeechToText
{
    public const string Scope = "https://cognitiveservices.azure.com/.default";
    private const string Path = "speech/recognition/conversation/cognitiveservices/v1";

    public string Name => "azure";

    public bool Supports(string language) => options.Languages.Contains(language, StringComparer.OrdinalIgnoreCase);

    public async Task<string> RecognizeAsync(ReadOnlyMemory<short> audio, string language, CancellationToken cancellationToken)
    {
        var uri = new Uri(options.Endpoint, $"{Path}?language={Uri.EscapeDataString(language)}&format=simple&profanity=raw");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(WavFile.Write(audio.Span)) };
        // The service's own spelling: "codecs=audio/pcm" is not a valid MIME parameter token, so it is not parsed.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", $"audio/wav; codecs=audio/pcm; samplerate={AudioFormat.SampleRate}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.Key is { Length: > 0 } key)
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);
        }
        else if (credential is not null && options.ResourceId is { Length: > 0 } resourceId)
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"aad#{resourceId}#{token.Token}");
        }
        else
        {
            throw new InvalidOperationException("Azure AI Speech needs CONFERENCE_SPEECH_KEY, or CONFERENCE_SPEECH_RESOURCE_ID with a managed identity.");
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Azure AI Speech answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}", null, response.StatusCode);
        }
        using var answer = JsonDocument.Parse(body);
        var status = answer.RootElement.TryGetProperty("RecognitionStatus", out var s) ? s.GetString() : null;
        return status switch
        {
            "Success" => answer.RootElement.TryGetProperty("DisplayText", out var text) ? text.GetString()?.Trim() ?? "" : "",
            // Silence, or nothing it could make out: no transcript, not an error.
            "NoMatch" or "InitialSilenceTimeout" or "BabbleTimeout" => "",
            _ => throw new InvalidOperationException($"Azure AI Speech could not recognise the utterance: {status ?? "no status"}."),
        };
    }
}
