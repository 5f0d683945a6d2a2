using Conference.Media.Audio;
using Conference.Tests.Support;

namespace Conference.Tests.Media;

public sealed class G711Tests
{
    private static readonly short[] Ramp = Enumerable.Range(0, 65536).Select(i => (short)(i - 32768)).ToArray();

    [Theory]
    [InlineData(G711.PayloadTypeUlaw, "u-law")]
    [InlineData(G711.PayloadTypeAlaw, "a-law")]
    public void Decoding_matches_sox_for_every_code(byte payloadType, string encoding)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var input = AudioTools.TempFile(".raw");
        File.WriteAllBytes(input, codes);
        var output = AudioTools.TempFile(".raw");
        AudioTools.Run("sox", "-t", "raw", "-r", "8000", "-e", encoding, "-b", "8", "-c", "1", input, "-t", "raw", "-e", "signed", "-b", "16", output);
        var expected = File.ReadAllBytes(output).Chunk(2).Select(b => BitConverter.ToInt16(b)).ToArray();
        var decoded = new short[256];

        G711.Decode(payloadType, codes, decoded);

        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData(G711.PayloadTypeUlaw)]
    [InlineData(G711.PayloadTypeAlaw)]
    public void Encoding_then_decoding_stays_within_half_a_quantisation_step(byte payloadType)
    {
        var encoded = new byte[Ramp.Length];
        var decoded = new short[Ramp.Length];
        G711.Encode(payloadType, Ramp, encoded);
        G711.Decode(payloadType, encoded, decoded);

        for (var i = 0; i < Ramp.Length; i++)
        {
            // The largest G.711 step is 1024 (µ-law) / 1024 (A-law) at full scale; error is at most half of it, plus clipping at the top.
            var tolerance = Math.Max(16, Math.Abs((int)Ramp[i]) / 16) + (Math.Abs((int)Ramp[i]) > 32000 ? 1000 : 0);
            Assert.InRange(decoded[i] - Ramp[i], -tolerance, tolerance);
        }
    }

    [Theory]
    [InlineData(G711.PayloadTypeUlaw)]
    [InlineData(G711.PayloadTypeAlaw)]
    public void Every_code_survives_decoding_and_encoding_again(byte payloadType)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var decoded = new short[256];
        var again = new byte[256];
        G711.Decode(payloadType, codes, decoded);
        G711.Encode(payloadType, decoded, again);

        // µ-law has two codes for zero (0x7F and 0xFF); every other code must come back as itself.
        for (var i = 0; i < 256; i++)
        {
            Assert.True(again[i] == codes[i] || decoded[i] == 0, $"code {i:X2} decoded to {decoded[i]} and came back as {again[i]:X2}");
        }
    }
}
