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
    public void Setup()
    {
        var rng = new SplitMix64(2024);
        var trace = new PageReference[References];
        for (int i = 0; i < DistinctPages; i++) trace[i] = new PageReference(i, false);   // every page at least once
        for (int i = DistinctPages; i < References; i++)
        {
            ulong r = rng.Next();
            long page = (r & 0xFF) < 205 ? (long)((r >> 8) % HotPages) : (long)((r >> 8) % DistinctPages);
            trace[i] = new PageReference(page, ((r >> 60) & 0xF) < 2);
        }
        // Shuffle the first million so the cold pass is not sequential.
        for (int i = DistinctPages - 1; i > 0; i--)
        {
            int j = (int)(rng.Next() % (ulong)(i + 1));
            (trace[i], trace[j]) = (trace[j], trace[i]);
        }
        _trace = DenseTrace.From(trace);
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

    /// <summary>LRU faults for every frame count 1..1,000,000 in one pass (Fenwick tree over stack distances).</summary>
    [Benchmark(OperationsPerInvoke = References)]
    public long LruCurveOnePass() => LruFaultCurve.Compute(_trace).Faults(Frames);
}
