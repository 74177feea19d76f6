namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>The kinds of synthetic trace <see cref="TraceGenerator"/> makes.</summary>
public enum TraceKind { Uniform, Zipf, Loop, Scan, Phases }

/// <summary>What to generate. <paramref name="Pages"/> is the page universe (pages 0..Pages-1).</summary>
public sealed record TraceGenerationOptions(TraceKind Kind, long Length, int Pages, ulong Seed = 1, double WriteRatio = 0,
                                            double ZipfExponent = 1.0, int Phases = 4);

/// <summary>
/// Synthetic reference strings for exercises and benchmarks, the same for the same options and seed (SplitMix64):
/// <list type="bullet">
/// <item>uniform: every reference picks one of the pages uniformly;</item>
/// <item>zipf: page k (0-based rank) with probability proportional to 1/(k+1)^s (s = the exponent, default 1);</item>
/// <item>loop: 0, 1, …, P-1, 0, 1, … (LRU and FIFO fault on every reference with fewer than P frames);</item>
/// <item>scan: 90 % of references to a hot tenth of the pages (uniformly), 10 % a sequential sweep through the rest
/// (the one-time scan that flushes an LRU cache);</item>
/// <item>phases: the trace in K equal phases, each uniform over its own P/K pages (a working set that moves).</item>
/// </list>
/// Each reference is a store with probability WriteRatio.
/// </summary>
public static class TraceGenerator
{
    public static void Generate(TraceGenerationOptions o, TraceSink sink)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(sink);
        if (o.Length < 0) throw new ArgumentException($"--length must be at least 0, got {o.Length}");
        if (o.Pages < 1) throw new ArgumentException($"--pages must be at least 1, got {o.Pages}");
        if (o.WriteRatio is < 0 or > 1 || double.IsNaN(o.WriteRatio)) throw new ArgumentException($"--write-ratio must be from 0 to 1, got {o.WriteRatio}");
        if (o.Kind == TraceKind.Zipf && (o.ZipfExponent <= 0 || !double.IsFinite(o.ZipfExponent)))
            throw new ArgumentException($"--zipf-exponent must be a positive number, got {o.ZipfExponent}");
        if (o.Kind == TraceKind.Phases && (o.Phases < 1 || o.Phases > o.Pages))
            throw new ArgumentException($"--phases must be from 1 to the number of pages ({o.Pages}), got {o.Phases}");
        var rng = new SplitMix64(o.Seed);
        ulong writeThreshold = o.WriteRatio >= 1 ? ulong.MaxValue : (ulong)(o.WriteRatio * 18446744073709551615.0);
        double[]? cdf = o.Kind == TraceKind.Zipf ? ZipfCdf(o.Pages, o.ZipfExponent) : null;
        int hot = Math.Max(1, o.Pages / 10);
        long sweep = 0;
        for (long i = 0; i < o.Length; i++)
        {
            long page = o.Kind switch
            {
                TraceKind.Uniform => Below(ref rng, o.Pages),
                TraceKind.Zipf => Rank(cdf!, Unit(ref rng)),
                TraceKind.Loop => i % o.Pages,
                TraceKind.Scan => o.Pages == hot || Below(ref rng, 10) < 9 ? Below(ref rng, hot) : hot + sweep++ % (o.Pages - hot),
                TraceKind.Phases => PhasePage(o, i, ref rng),
                _ => throw new ArgumentOutOfRangeException(nameof(o)),
            };
            bool write = o.WriteRatio > 0 && (o.WriteRatio >= 1 || rng.Next() < writeThreshold);
            sink.Add(page, write);
        }
    }

    private static long PhasePage(TraceGenerationOptions o, long i, ref SplitMix64 rng)
    {
        long phase = Math.Min(o.Phases - 1, i * o.Phases / Math.Max(1, o.Length));
        int size = o.Pages / o.Phases;
        return phase * size + Below(ref rng, size);
    }

    private static long Below(ref SplitMix64 rng, long n) => (long)(rng.Next() % (ulong)n);

    private static double Unit(ref SplitMix64 rng) => (rng.Next() >> 11) * (1.0 / (1UL << 53));

    private static double[] ZipfCdf(int pages, double s)
    {
        var cdf = new double[pages];
        double sum = 0;
        for (int k = 0; k < pages; k++) cdf[k] = sum += 1.0 / Math.Pow(k + 1, s);
        for (int k = 0; k < pages; k++) cdf[k] /= sum;
        return cdf;
    }

    // The first rank whose cumulative probability exceeds u.
    private static long Rank(double[] cdf, double u)
    {
        int i = Array.BinarySearch(cdf, u);
        if (i < 0) i = ~i;
        return Math.Min(i, cdf.Length - 1);
    }
}
