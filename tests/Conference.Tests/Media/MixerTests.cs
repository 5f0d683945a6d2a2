using Conference.Media.Audio;
using Conference.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conference.Tests.Media;

public sealed class MixerTests
{
    private static short[] Noise(int seed, int length, int amplitude)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (short)random.Next(-amplitude, amplitude + 1)).ToArray();
    }

    private static short[] Mix(params short[][] inputs)
    {
        var sum = new int[inputs[0].Length];
        foreach (var input in inputs)
        {
            Mixer.Accumulate(sum, input);
        }
        var output = new short[sum.Length];
        Mixer.Saturate(sum, output);
        return output;
    }

    [Fact]
    public void Mix_is_bit_identical_to_sox_when_nothing_clips()
    {
        var inputs = new[] { Noise(1, 16_000, 8000), Noise(2, 16_000, 8000), Noise(3, 16_000, 8000) };
        var files = inputs.Select(AudioTools.WriteWav).ToArray();
        var output = AudioTools.TempFile(".wav");
        AudioTools.Run("sox", ["-D", "-m", .. files.SelectMany(f => new[] { "-v", "1", f }), "-b", "16", output]);

        Assert.Equal(AudioTools.ReadPcm16(output), Mix(inputs));
    }

    [Fact]
    public void Mix_is_bit_identical_to_ffmpeg_amix_without_normalisation()
    {
        var inputs = new[] { Noise(4, 8_000, 9000), Noise(5, 8_000, 9000) };
        var files = inputs.Select(AudioTools.WriteWav).ToArray();
        var output = AudioTools.TempFile(".wav");
        AudioTools.Run("ffmpeg", ["-v", "error", "-i", files[0], "-i", files[1], "-filter_complex", "amix=inputs=2:normalize=0", "-c:a", "pcm_s16le", output]);

        Assert.Equal(AudioTools.ReadPcm16(output), Mix(inputs));
    }

    [Fact]
    public void Mix_minus_is_the_sox_mix_of_all_the_others()
    {
        var inputs = new[] { Noise(6, 16_000, 7000), Noise(7, 16_000, 7000), Noise(8, 16_000, 7000), Noise(9, 16_000, 7000) };
        var sum = new int[16_000];
        foreach (var input in inputs)
        {
            Mixer.Accumulate(sum, input);
        }
        for (var listener = 0; listener < inputs.Length; listener++)
        {
            var others = inputs.Where((_, i) => i != listener).Select(AudioTools.WriteWav).ToArray();
            var expected = AudioTools.TempFile(".wav");
            AudioTools.Run("sox", ["-D", "-m", .. others.SelectMany(f => new[] { "-v", "1", f }), "-b", "16", expected]);
            var heard = new short[16_000];
            Mixer.MixMinus(sum, inputs[listener], heard);

            Assert.Equal(AudioTools.ReadPcm16(expected), heard);
        }
    }

    [Fact]
    public void Full_scale_saturates_instead_of_wrapping_around()
    {
        var loud = Enumerable.Repeat((short)30_000, 48).ToArray();
        var quiet = Enumerable.Repeat((short)10_000, 48).ToArray();
        var negative = Enumerable.Repeat((short)-30_000, 48).ToArray();

        Assert.All(Mix(loud, quiet), s => Assert.Equal(short.MaxValue, s));
        Assert.All(Mix(negative, negative), s => Assert.Equal(short.MinValue, s));
    }

    [Fact]
    public void A_talker_hears_the_others_exactly_even_when_the_whole_mix_clips()
    {
        // Asterisk's saturating add then subtract gives the loud talker 2767 here instead of 10000.
        var loud = Enumerable.Repeat((short)30_000, 40).ToArray();
        var quiet = Enumerable.Repeat((short)10_000, 40).ToArray();
        var sum = new int[40];
        Mixer.Accumulate(sum, loud);
        Mixer.Accumulate(sum, quiet);
        var heard = new short[40];

        Mixer.MixMinus(sum, loud, heard);

        Assert.All(heard, s => Assert.Equal(10_000, s));
    }

    [Fact]
    public void Vector_and_scalar_paths_agree_for_any_frame_length()
    {
        Prop.ForAll(Gen.Choose(0, 700).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (length, seed) =>
        {
            var a = Noise(seed, length, 32767);
            var b = Noise(seed + 1, length, 32767);
            var sum = new int[length];
            Mixer.Accumulate(sum, a);
            Mixer.Accumulate(sum, b);
            var minus = new short[length];
            Mixer.MixMinus(sum, a, minus);
            var added = (short[])a.Clone();
            Mixer.AddSaturating(added, b);
            for (var i = 0; i < length; i++)
            {
                if (sum[i] != a[i] + b[i] || minus[i] != b[i] || added[i] != Mixer.Saturate(a[i] + b[i]))
                {
                    return false;
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
