using Conference.Media.Audio;

namespace Conference.Media.Prompts;

/// <summary>Turns a <c>play</c> (speech, a WAV at a URL, or a named tone) into samples at the mixer's rate, off the clock thread.</summary>
public sealed class PromptLoader(HttpClient http, SpeechSynthesizer speech)
{
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public async Task<short[]> LoadAsync(string text, string language, string mediaUrl, string tone, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(text))
        {
            return await speech.SpeakAsync(text, language, cancellationToken);
        }
        if (!string.IsNullOrEmpty(mediaUrl))
        {
            return WavFile.ReadForMixer(await FetchAsync(mediaUrl, cancellationToken));
        }
        if (!string.IsNullOrEmpty(tone))
        {
            return Tones.Named(tone);
        }
        throw new InvalidAudioException("A play needs text, a media_url or a tone.");
    }

    /// <summary>A WAV over http(s) only: the media host never reads its own files on a customer's behalf.</summary>
    public async Task<byte[]> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidAudioException($"'{url}' is not an http(s) URL.");
        }
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidAudioException($"{url} answered {(int)response.StatusCode}.");
        }
        if (response.Content.Headers.ContentLength > MaxFileBytes)
        {
            throw new InvalidAudioException($"{url} is larger than {MaxFileBytes} bytes.");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new InvalidAudioException($"{url} is larger than {MaxFileBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
