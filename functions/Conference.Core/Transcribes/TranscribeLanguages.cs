namespace Conference.Core.Transcribes;

/// <summary>
/// The languages the speech-to-text engine does, as <c>CONFERENCE_TRANSCRIBE_LANGUAGES</c> gives them
/// (comma-separated), read the same way by the control plane, which refuses others, and by the media
/// host, whose Azure engine takes them as its list. Unset or empty is PocketSphinx's one, en-US.
/// </summary>
public static class TranscribeLanguages
{
    public static readonly string[] Default = ["en-US"];

    public static string[] From(string? setting) =>
        setting?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } languages ? languages : Default;
}
