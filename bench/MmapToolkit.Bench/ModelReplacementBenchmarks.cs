using BenchmarkDotNet.Attributes;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Bench;

/// <summary>
/// The model's trace simulator on a 10-million-reference trace over a million distinct pages (80 % of references to a
/// hot set of 50,000 pages, 20 % uniform over all pages; 10 % stores), 100,000 frames. One operation = one reference,
/// so BenchmarkDotNet's "Mean" is the time per reference. The trace is renumbered once in setup (DenseTrace).
/// Run: dotnet run -c Release --project bench/MmapToolkit.Bench -- --filter '*Model*' --job short
/// </summary>
[MemoryDiagnoser]
public class ModelReplacementBenchmarks
{
    private const int References = 10_000_000;
    private const int DistinctPages = 1_000_000;
    private const int HotPages = 50_000;
    private const int Frames = 100_000;
    private DenseTrace _trace = null!;

    [GlobalSetup]
    public void Setup() => _trace = MakeTrace(References, DistinctPages, HotPages, 2024);

    /// <summary>The benchmark trace: every page once (shuffled), then 80 % to the hot set, 20 % uniform; 1 in 8 a store.</summary>
    internal static DenseTrace MakeTrace(int references, int distinctPages, int hotPages, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var trace = new PageReference[references];
        for (int i = 0; i < distinctPages; i++) trace[i] = new PageReference(i, false);   // every page at least once
        for (int i = distinctPages; i < references; i++)
        {
            ulong r = rng.Next();
            long page = (r & 0xFF) < 205 ? (long)((r >> 8) % (ulong)hotPages) : (long)((r >> 8) % (ulong)distinctPages);
            trace[i] = new PageReference(page, ((r >> 60) & 0xF) < 2);
        }
        // Shuffle the first pages so the cold pass is not sequential.
        for (int i = distinctPages - 1; i > 0; i--)
        {
            int j = (int)(rng.Next() % (ulong)(i + 1));
            (trace[i], trace[j]) = (trace[j], trace[i]);
        }
        return DenseTrace.From(trace);
    }

    [Benchmark(OperationsPerInvoke = References)]
    public long Fifo() => TraceSimulator.Run("fifo", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Lru() => TraceSimulator.Run("lru", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Clock() => TraceSimulator.Run("clock", Frames, _trace).Faults;

    /// <summary>OPT including the backward pass that precomputes next uses; O(n log k) with the indexed heap.</summary>
    [Benchmark(OperationsPerInvoke = References)]
    public long Opt() => TraceSimulator.Run("opt", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Clock2() => TraceSimulator.Run("clock2", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Random() => TraceSimulator.Run("random", Frames, _trace).Faults;

    /// <summary>LFU and MFU keep an indexed heap of frames: O(log k) per step.</summary>
    [Benchmark(OperationsPerInvoke = References)]
    public long Lfu() => TraceSimulator.Run("lfu", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Mfu() => TraceSimulator.Run("mfu", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Sieve() => TraceSimulator.Run("sieve", Frames, _trace).Faults;

    [Benchmark(OperationsPerInvoke = References)]
    public long Arc() => TraceSimulator.Run("arc", Frames, _trace).Faults;

    /// <summary>LRU faults for every frame count 1..1,000,000 in one pass (Fenwick tree over stack distances).</summary>
    [Benchmark(OperationsPerInvoke = References)]
    public long LruCurveOnePass() => LruFaultCurve.Compute(_trace).Faults(Frames);
}
