using System.Diagnostics;
using Conference.Media.Audio;

namespace Conference.Media.Prompts;

/// <summary>Text to speech through the <c>espeak-ng</c> command (a Debian package the scripts install), WAV on its standard output.</summary>
public sealed class SpeechSynthesizer(string command = "espeak-ng")
{
    public const int MaxTextLength = 2000;

    public async Task<short[]> SpeakAsync(string text, string language, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            throw new InvalidAudioException($"Speech needs 1 to {MaxTextLength} characters of text.");
        }
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--stdout");
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(Voice(language));
        // The text after "--" can never be read as an option, whatever it starts with.
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(text);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await copy;
        if (process.ExitCode != 0)
        {
            throw new InvalidAudioException($"{command} failed ({process.ExitCode}): {(await errors).Trim()}");
        }
        return WavFile.ReadForMixer(output.ToArray());
    }

    /// <summary>BCP 47 (<c>en-US</c>) to an espeak-ng voice name (<c>en-us</c>); anything odd becomes English.</summary>
    public static string Voice(string language) =>
        language is { Length: > 0 and <= 16 } && language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? language.ToLowerInvariant() : "en";
}
