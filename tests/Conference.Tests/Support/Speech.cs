using Conference.Media.Audio;

namespace Conference.Tests.Support;

/// <summary>
/// Real recorded human speech with its reference text: Debian's <c>pocketsphinx-testdata</c> (five
/// LibriVox utterances from Sense and Sensibility, 16 kHz), and the word error rate of a transcript.
/// </summary>
public static class Speech
{
    public const string Directory = "/usr/share/pocketsphinx/test/data/librivox";

    public sealed record Utterance(string Name, string Reference, short[] Audio);

    public static IReadOnlyList<Utterance> Utterances { get; } = Load();

    private static Utterance[] Load()
    {
        var transcription = Path.Combine(Directory, "transcription");
        if (!File.Exists(transcription))
        {
            return [];
        }
        // Each line: "<s> words </s> (name)".
        return File.ReadAllLines(transcription).Where(l => l.Length > 0).Select(line =>
        {
            var name = line[(line.LastIndexOf('(') + 1)..line.LastIndexOf(')')];
            var words = line[..line.LastIndexOf('(')].Replace("<s>", "").Replace("</s>", "").Trim();
            return new Utterance(name, words, WavFile.ReadForMixer(File.ReadAllBytes(Path.Combine(Directory, name + ".wav"))));
        }).ToArray();
    }

    /// <summary>Word-level edit distance over the reference's word count (case and punctuation ignored).</summary>
    public static double WordErrorRate(string reference, string hypothesis)
    {
        var r = Words(reference);
        var h = Words(hypothesis);
        var distance = new int[r.Length + 1, h.Length + 1];
        for (var i = 0; i <= r.Length; i++)
        {
            distance[i, 0] = i;
        }
        for (var j = 0; j <= h.Length; j++)
        {
            distance[0, j] = j;
        }
        for (var i = 1; i <= r.Length; i++)
        {
            for (var j = 1; j <= h.Length; j++)
            {
                var substitution = distance[i - 1, j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1);
                distance[i, j] = Math.Min(substitution, Math.Min(distance[i - 1, j] + 1, distance[i, j - 1] + 1));
            }
        }
        return r.Length == 0 ? h.Length : (double)distance[r.Length, h.Length] / r.Length;
    }

    /// <summary>The word error rate of several utterances together: total edits over total reference words.</summary>
    public static double WordErrorRate(IEnumerable<(string Reference, string Hypothesis)> pairs)
    {
        double edits = 0, words = 0;
        foreach (var (reference, hypothesis) in pairs)
        {
            var count = Words(reference).Length;
            edits += WordErrorRate(reference, hypothesis) * count;
            words += count;
        }
        return words == 0 ? 0 : edits / words;
    }

    private static string[] Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// What a telephone leg makes of the audio: down to 8 kHz, through G.711 μ-law and back, and up to
    /// the mixer's 16 kHz, as the media host does for a PCMU call.
    /// </summary>
    public static short[] ThroughTelephone(short[] wide)
    {
        var narrow = new short[wide.Length / 2];
        Resampler.Downsample2(wide.AsSpan(0, narrow.Length * 2), narrow);
        var encoded = new byte[narrow.Length];
        G711.Encode(G711.PayloadTypeUlaw, narrow, encoded);
        G711.Decode(G711.PayloadTypeUlaw, encoded, narrow);
        var back = new short[narrow.Length * 2];
        short previous = 0;
        Resampler.Upsample2(narrow, back, ref previous);
        return back;
    }
}
