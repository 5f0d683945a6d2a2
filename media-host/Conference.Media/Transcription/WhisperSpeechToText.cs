using System.Buffers;
using System.Text;
using Whisper.net;

namespace Conference.Media.Transcription;

/// <summary>
/// Whisper (whisper.cpp through <c>Whisper.net</c>) over a ggml model file the operator provides
/// (<c>CONFERENCE_WHISPER_MODEL</c>): many languages (English only with a <c>.en</c> model); its
/// accuracy and CPU are not measured here, for no model is served. A processor is not thread-safe, so
/// processors are pooled like PocketSphinx's decoders: each call borrows one for its utterance.
/// </summary>
public sealed class WhisperSpeechToText : ISpeechToText, IDisposable
{
    private readonly WhisperFactory _factory;
    private readonly DecoderPool<WhisperProcessor> _processors;
    private readonly HashSet<string> _languages;
    private readonly int _threads;
    private int _disposed;

    /// <param name="modelPath">A ggml model, such as <c>ggml-base.en.bin</c>.</param>
    /// <param name="languages">The locales the model is meant for (an English-only model: <c>en-US</c>); each must be one Whisper knows.</param>
    /// <param name="threads">Threads per utterance; the transcription workers already decode several utterances at once.</param>
    public WhisperSpeechToText(string modelPath, IEnumerable<string> languages, int threads = 1)
    {
        if (!File.Exists(modelPath))
        {
            throw new InvalidOperationException($"The Whisper model '{modelPath}' does not exist: download a ggml model (ggml-base.en.bin, say) and set CONFERENCE_WHISPER_MODEL to its path.");
        }
        var known = WhisperFactory.GetSupportedLanguages().ToHashSet(StringComparer.OrdinalIgnoreCase);
        _languages = languages.Where(l => known.Contains(LanguageOf(l))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _threads = threads;
        _factory = WhisperFactory.FromPath(modelPath);
        _processors = new DecoderPool<WhisperProcessor>(Build, processor => processor.Dispose());
        try
        {
            // The factory loads the model lazily; the first processor makes it load now, so a bad file fails at start.
            _processors.Return(Build());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _factory.Dispose();
            throw new InvalidOperationException($"'{modelPath}' is not a Whisper ggml model whisper.cpp can load: {e.Message}", e);
        }
    }

    public string Name => "whisper";

    /// <summary>Whisper's language code of a locale: <c>en-US</c> is <c>en</c>.</summary>
    public static string LanguageOf(string locale) => locale.Split('-', 2)[0].ToLowerInvariant();

    public bool Supports(string language) => _languages.Contains(language);

    public async Task<string> RecognizeAsync(ReadOnlyMemory<short> audio, string language, CancellationToken cancellationToken)
    {
        if (audio.IsEmpty)
        {
            return "";
        }
        var processor = _processors.Borrow();
        var samples = ArrayPool<float>.Shared.Rent(audio.Length);
        try
        {
            var pcm = audio.Span;
            for (var i = 0; i < pcm.Length; i++)
            {
                samples[i] = pcm[i] / 32768f;
            }
            processor.ChangeLanguage(LanguageOf(language));
            var text = new StringBuilder();
            await foreach (var segment in processor.ProcessAsync(samples.AsMemory(0, pcm.Length), cancellationToken))
            {
                text.Append(segment.Text);
            }
            return text.ToString().Trim();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(samples);
            _processors.Return(processor);
        }
    }

    private WhisperProcessor Build() => _factory.CreateBuilder().WithThreads(_threads).WithNoContext().WithSingleSegment().WithLanguage("en").Build();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _processors.Dispose();
            _factory.Dispose();
        }
    }
}
