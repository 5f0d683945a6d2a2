using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Conference.Media.Audio;

namespace Conference.Benchmarks;

/// <summary>
/// The mixer's tick for N legs (sum once, mix-minus for each) and G.711 by table. Throughput in
/// participant-samples per second = N × 320 / (time per operation).
/// </summary>
[Config(typeof(InProcess))]
public class MixerBenchmark
{
    private short[][] _legs = [];
    private int[] _sum = [];
    private short[] _output = [];

    [Params(10, 100, 1000)]
    public int Legs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _legs = Enumerable.Range(0, Legs).Select(_ => Enumerable.Range(0, AudioFormat.FrameSamples).Select(_ => (short)random.Next(-8000, 8000)).ToArray()).ToArray();
        _sum = new int[AudioFormat.FrameSamples];
        _output = new short[AudioFormat.FrameSamples];
    }

    [Benchmark]
    public short MixTick()
    {
        Array.Clear(_sum);
        foreach (var leg in _legs)
        {
            Mixer.Accumulate(_sum, leg);
        }
        foreach (var leg in _legs)
        {
            Mixer.MixMinus(_sum, leg, _output);
        }
        return _output[0];
    }
}

[Config(typeof(InProcess))]
public class G711Benchmark
{
    private readonly short[] _pcm = Enumerable.Range(0, 8000).Select(i => (short)(Math.Sin(i / 10.0) * 12000)).ToArray();
    private readonly byte[] _encoded = new byte[8000];
    private readonly short[] _decoded = new short[8000];

    [Benchmark(OperationsPerInvoke = 8000)]
    public void EncodeUlaw() => G711.Encode(G711.PayloadTypeUlaw, _pcm, _encoded);

    [Benchmark(OperationsPerInvoke = 8000)]
    public void DecodeUlaw() => G711.Decode(G711.PayloadTypeUlaw, _encoded, _decoded);

    [Benchmark(OperationsPerInvoke = 8000)]
    public void EncodeAlaw() => G711.Encode(G711.PayloadTypeAlaw, _pcm, _encoded);
}

public sealed class InProcess : ManualConfig
{
    public InProcess()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        Options |= ConfigOptions.DisableOptimizationsValidator;
    }
}

public static class MediaBenchmarks
{
    public static int Run()
    {
        BenchmarkRunner.Run<MixerBenchmark>();
        BenchmarkRunner.Run<G711Benchmark>();
        return 0;
    }
}
