using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Conference.Media.Audio;

/// <summary>
/// The mix-minus arithmetic: every contributor is summed once into 32 bits, each listener gets the
/// sum minus its own contribution, and only then is the result saturated to 16 bits. Subtracting
/// from the 32-bit sum is exact; Asterisk's subtract-after-clip and Janus's wrap-around cast are the
/// two mistakes this avoids. <see cref="Vector256"/> does 16 samples per step where the hardware has it.
/// </summary>
public static class Mixer
{
    /// <summary>sum += frame, widening each sample to 32 bits.</summary>
    public static void Accumulate(Span<int> sum, ReadOnlySpan<short> frame)
    {
        Check(sum.Length, frame.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetReference(sum);
            ref var f = ref MemoryMarshal.GetReference(frame);
            for (; i <= frame.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                var (lower, upper) = Widen(ref f, i);
                (Vector256.LoadUnsafe(ref s, (nuint)i) + lower).StoreUnsafe(ref s, (nuint)i);
                (Vector256.LoadUnsafe(ref s, (nuint)(i + Vector256<int>.Count)) + upper).StoreUnsafe(ref s, (nuint)(i + Vector256<int>.Count));
            }
        }
        for (; i < frame.Length; i++)
        {
            sum[i] += frame[i];
        }
    }

    /// <summary>output = saturate(sum - own): what a listener who contributed <paramref name="own"/> hears.</summary>
    public static void MixMinus(ReadOnlySpan<int> sum, ReadOnlySpan<short> own, Span<short> output)
    {
        Check(sum.Length, own.Length);
        Check(sum.Length, output.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetReference(sum);
            ref var o = ref MemoryMarshal.GetReference(own);
            ref var d = ref MemoryMarshal.GetReference(output);
            for (; i <= sum.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                var (lower, upper) = Widen(ref o, i);
                var low = Vector256.LoadUnsafe(ref s, (nuint)i) - lower;
                var high = Vector256.LoadUnsafe(ref s, (nuint)(i + Vector256<int>.Count)) - upper;
                Narrow(low, high).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < sum.Length; i++)
        {
            output[i] = Saturate(sum[i] - own[i]);
        }
    }

    /// <summary>output = saturate(sum): the whole mix (recording, listeners who contributed nothing).</summary>
    public static void Saturate(ReadOnlySpan<int> sum, Span<short> output)
    {
        Check(sum.Length, output.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetReference(sum);
            ref var d = ref MemoryMarshal.GetReference(output);
            for (; i <= sum.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                Narrow(Vector256.LoadUnsafe(ref s, (nuint)i), Vector256.LoadUnsafe(ref s, (nuint)(i + Vector256<int>.Count))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < sum.Length; i++)
        {
            output[i] = Saturate(sum[i]);
        }
    }

    /// <summary>target = saturate(target + addition): a prompt laid over what a leg already hears.</summary>
    public static void AddSaturating(Span<short> target, ReadOnlySpan<short> addition)
    {
        Check(target.Length, addition.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var t = ref MemoryMarshal.GetReference(target);
            ref var a = ref MemoryMarshal.GetReference(addition);
            for (; i <= target.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                var (tl, th) = Widen(ref t, i);
                var (al, ah) = Widen(ref a, i);
                Narrow(tl + al, th + ah).StoreUnsafe(ref t, (nuint)i);
            }
        }
        for (; i < target.Length; i++)
        {
            target[i] = Saturate(target[i] + addition[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Saturate(int value) => (short)Math.Clamp(value, short.MinValue, short.MaxValue);

    private static readonly Vector256<int> Min = Vector256.Create((int)short.MinValue);
    private static readonly Vector256<int> Max = Vector256.Create((int)short.MaxValue);

    /// <summary>
    /// Saturating narrow of 16 ints to 16 shorts. With AVX2 that is one pack (which saturates, but
    /// interleaves the 128-bit lanes) and one permute to put the lanes back in order; elsewhere clamp,
    /// then narrow (after the clamp, narrowing's truncation cannot wrap).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Narrow(Vector256<int> low, Vector256<int> high)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.Permute4x64(Avx2.PackSignedSaturate(low, high).AsInt64(), 0b11_01_10_00).AsInt16();
        }
        return Vector256.Narrow(Vector256.Min(Vector256.Max(low, Min), Max), Vector256.Min(Vector256.Max(high, Min), Max));
    }

    /// <summary>16 shorts from <paramref name="offset"/> sign-extended to two vectors of ints (AVX2: two vpmovsxwd straight from memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Lower, Vector256<int> Upper) Widen(ref short source, int offset)
    {
        if (Avx2.IsSupported)
        {
            return (Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, (nuint)offset)),
                Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, (nuint)(offset + Vector128<short>.Count))));
        }
        return Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)offset));
    }

    private static void Check(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Frames must be the same length ({expected} and {actual} samples).");
        }
    }
}
