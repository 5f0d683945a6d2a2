using System.Globalization;
using Azure.Core;
using Azure.Identity;
using Conference.Media.Reports;
using Conference.Media.Transcription;

namespace Conference.MediaHost;

/// <summary>
/// Which speech-to-text engine transcribes (<c>CONFERENCE_TRANSCRIBE_ENGINE</c>): <c>pocketsphinx</c>
/// (the default where it is installed), <c>azure</c> (Azure AI Speech: <c>CONFERENCE_SPEECH_ENDPOINT</c>,
/// and <c>CONFERENCE_SPEECH_KEY</c> or <c>CONFERENCE_SPEECH_RESOURCE_ID</c> with the managed identity),
/// <c>whisper</c> (a ggml model file at <c>CONFERENCE_WHISPER_MODEL</c>) or <c>none</c>. <c>CONFERENCE_TRANSCRIBE_LANGUAGES</c> is what the control plane lets customers ask
/// for (Azure takes it as its list too); workers and their backlog size the transcription queue.
/// </summary>
public sealed record TranscriptionSettings(string Engine, int Workers, int Backlog, Uri? SpeechEndpoint, string? SpeechKey, string? SpeechResourceId, string? WhisperModel, string[] Languages)
{
    public static TranscriptionSettings From(IConfiguration configuration)
    {
        string? Get(string name) => configuration[name] is { Length: > 0 } value ? value : null;
        return new TranscriptionSettings(
            (Get("CONFERENCE_TRANSCRIBE_ENGINE") ?? (PocketSphinxSpeechToText.IsInstalled() ? "pocketsphinx" : "none")).ToLowerInvariant(),
            int.Parse(Get("CONFERENCE_TRANSCRIBE_WORKERS") ?? Math.Max(1, Environment.ProcessorCount / 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            int.Parse(Get("CONFERENCE_TRANSCRIBE_BACKLOG") ?? "16", CultureInfo.InvariantCulture),
            Get("CONFERENCE_SPEECH_ENDPOINT") is { } endpoint ? new Uri(endpoint.TrimEnd('/') + "/") : null,
            Get("CONFERENCE_SPEECH_KEY"),
            Get("CONFERENCE_SPEECH_RESOURCE_ID"),
            Get("CONFERENCE_WHISPER_MODEL"),
            Conference.Core.Transcribes.TranscribeLanguages.From(Get("CONFERENCE_TRANSCRIBE_LANGUAGES")));
    }

    /// <summary>The worker over the chosen engine; null for <c>none</c>.</summary>
    public TranscriptionWorker? CreateWorker(IServiceProvider services)
    {
        ISpeechToText? engine = Engine switch
        {
            "none" => null,
            "pocketsphinx" => new PocketSphinxSpeechToText(),
            "azure" => new AzureSpeechToText(
                services.GetRequiredService<IHttpClientFactory>().CreateClient(SpeechHttp.ClientName),
                new AzureSpeechOptions(SpeechEndpoint ?? throw new InvalidOperationException("CONFERENCE_SPEECH_ENDPOINT is not set."), SpeechKey, SpeechResourceId, Languages),
                SpeechKey is null ? new DefaultAzureCredential() : null),
            "whisper" => new WhisperSpeechToText(WhisperModel ?? throw new InvalidOperationException("CONFERENCE_WHISPER_MODEL is not set: the path of a ggml model file."), Languages),
            _ => throw new InvalidOperationException($"CONFERENCE_TRANSCRIBE_ENGINE is '{Engine}': pocketsphinx, azure, whisper or none."),
        };
        return engine is null ? null : new TranscriptionWorker(engine, services.GetRequiredService<IReportSink>(),
            services.GetRequiredService<ILogger<TranscriptionWorker>>(), Workers, Backlog);
    }
}
