using System.Runtime.InteropServices;

namespace Conference.Media.Transcription;

/// <summary>
/// PocketSphinx from Debian (<c>libpocketsphinx3</c> with <c>pocketsphinx-en-us</c>) through its C API:
/// US English only, at 16 kHz. A decoder is not thread-safe and takes about a second to load, so
/// decoders are pooled: each call borrows one, decodes the whole utterance at once, and gives it back.
/// Rough (about a third of the words wrong on read speech, worse on telephone audio), but local and free.
/// </summary>
public sealed class PocketSphinxSpeechToText : ISpeechToText, IDisposable
{
    public const string DefaultModel = "/usr/share/pocketsphinx/model/en-us";
    private readonly DecoderPool<IntPtr> _decoders;
    private readonly string[] _arguments;

    public PocketSphinxSpeechToText(string modelDirectory = DefaultModel)
    {
        _arguments =
        [
            "-hmm", Path.Combine(modelDirectory, "en-us"),
            "-lm", Path.Combine(modelDirectory, "en-us.lm.bin"),
            "-dict", Path.Combine(modelDirectory, "cmudict-en-us.dict"),
            "-logfn", "/dev/null",
        ];
        _decoders = new DecoderPool<IntPtr>(NewDecoder, decoder => Native.ps_free(decoder));
    }

    public string Name => "pocketsphinx";

    /// <summary>Whether the library and the model are installed here.</summary>
    public static bool IsInstalled(string modelDirectory = DefaultModel) =>
        File.Exists(Path.Combine(modelDirectory, "en-us.lm.bin")) && NativeLibrary.TryLoad(Native.Library, out _);

    public bool Supports(string language) => string.Equals(language, "en-US", StringComparison.OrdinalIgnoreCase);

    public Task<string> RecognizeAsync(ReadOnlyMemory<short> audio, string language, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var decoder = _decoders.Borrow();
        try
        {
            return Task.FromResult(Decode(decoder, audio.Span));
        }
        finally
        {
            _decoders.Return(decoder);
        }
    }

    private static string Decode(IntPtr decoder, ReadOnlySpan<short> audio)
    {
        if (Native.ps_start_utt(decoder) < 0)
        {
            throw new InvalidOperationException("PocketSphinx could not start an utterance.");
        }
        if (audio.Length > 0 && Native.ps_process_raw(decoder, ref MemoryMarshal.GetReference(audio), (nuint)audio.Length, 0, 1) < 0)
        {
            Native.ps_end_utt(decoder);
            throw new InvalidOperationException("PocketSphinx could not decode the audio.");
        }
        Native.ps_end_utt(decoder);
        var hypothesis = Native.ps_get_hyp(decoder, out _);
        return hypothesis == IntPtr.Zero ? "" : (Marshal.PtrToStringUTF8(hypothesis) ?? "").Trim();
    }

    private IntPtr NewDecoder()
    {
        var config = Native.cmd_ln_parse_r(IntPtr.Zero, Native.ps_args(), _arguments.Length, _arguments, 1);
        if (config == IntPtr.Zero)
        {
            throw new InvalidOperationException($"PocketSphinx refused its arguments ({string.Join(' ', _arguments)}).");
        }
        var decoder = Native.ps_init(config);
        // The decoder holds its own reference to the configuration.
        Native.cmd_ln_free_r(config);
        return decoder != IntPtr.Zero ? decoder : throw new InvalidOperationException("PocketSphinx could not load its model.");
    }

    public void Dispose() => _decoders.Dispose();

    private static class Native
    {
        public const string Library = "libpocketsphinx.so.3";
        private const string Base = "libsphinxbase.so.3";

        [DllImport(Library)]
        public static extern IntPtr ps_args();

        [DllImport(Base)]
        public static extern IntPtr cmd_ln_parse_r(IntPtr config, IntPtr definitions, int argc, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string[] argv, int strict);

        [DllImport(Base)]
        public static extern int cmd_ln_free_r(IntPtr config);

        [DllImport(Library)]
        public static extern IntPtr ps_init(IntPtr config);

        [DllImport(Library)]
        public static extern int ps_free(IntPtr decoder);

        [DllImport(Library)]
        public static extern int ps_start_utt(IntPtr decoder);

        [DllImport(Library)]
        public static extern int ps_process_raw(IntPtr decoder, ref short data, nuint samples, int noSearch, int fullUtterance);

        [DllImport(Library)]
        public static extern int ps_end_utt(IntPtr decoder);

        [DllImport(Library)]
        public static extern IntPtr ps_get_hyp(IntPtr decoder, out int score);
    }
}
