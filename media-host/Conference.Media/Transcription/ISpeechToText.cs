namespace Conference.Media.Transcription;

/// <summary>
/// A speech-to-text engine: one utterance of one participant (16 kHz mono, 16-bit) in, its text out
/// ("" when nothing was recognised). Chosen by <c>CONFERENCE_TRANSCRIBE_ENGINE</c>; an engine may be
/// called from several transcription workers at once.
/// </summary>
public interface ISpeechToText
{
    string Name { get; }

    bool Supports(string language);

    Task<string> RecognizeAsync(ReadOnlyMemory<short> audio, string language, CancellationToken cancellationToken);
}
