namespace MmapToolkit.Model.Replacement;

/// <summary>
/// SHARDS (Waldspurger, Park, Garthwaite, Ahmad: "Efficient MRC Construction with SHARDS", FAST 2015): LRU's
/// miss-ratio curve from a spatially hashed sample of the pages. A page is in the sample when the hash of its page
/// number is below a threshold T (rate R = T / 2^63), so every reference to a sampled page is simulated and every
/// other reference costs one table look-up. Stack distances among sampled pages are scaled by 1/R.
/// <list type="bullet">
/// <item>Fixed rate: R stays; the sampled references' weight is normalised by the trace's length (the paper's
/// SHARDS_adj: the difference between the expected and the actual sampled references counts as hits at distance 1).</item>
/// <item>Fixed size: at most S pages are kept; a new page past S lowers T to the largest hash in the sample, which
/// leaves. Later references weigh 1/R for the lower R, which is the paper's rescaling of the histogram by R'/R.</item>
/// </list>
/// docs/model.md ("Sampled miss-ratio curves") gives the definitions and the measured error.
/// </summary>
public static class ShardsSampler
{
    private const double TwoTo63 = 9223372036854775808.0;

    /// <summary>Fixed-rate SHARDS at rate <paramref name="rate"/> (0 &lt; R ≤ 1; R = 1 is the exact curve).</summary>
    /// <param name="seed">Chooses the hash, so another seed samples other pages.</param>
    public static SampledLruCurve FixedRate(DenseTrace trace, double rate, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(trace);
        CheckRate(rate);
        ulong threshold = Threshold(rate);
        // One pass over the pages decides the sample; the pass over the references then costs a byte load each.
        var inSample = new bool[trace.Distinct];
        int sampledPages = 0;
        for (int id = 0; id < inSample.Length; id++)
            if (inSample[id] = Hash(trace.PageOfId[id], seed) < threshold) sampledPages++;
        var stack = new ReuseStack(trace.Distinct, sampledPages);
        var histogram = new Histogram(1.0 / rate);
        long sampled = 0;
        foreach (int id in trace.Ids)
        {
            if (!inSample[id]) continue;
            sampled++;
            histogram.Add(stack.Reference(id));
        }
        // SHARDS_adj: the whole weight is the trace's length; the shortfall (or excess) are hits at distance 1.
        histogram.AdjustTotal(trace.Length);
        return histogram.Curve(trace.Length, sampled, sampledPages, rate, rate, maxPages: null);
    }

    /// <summary>Fixed-size SHARDS: at most <paramref name="maxPages"/> pages in the sample, starting at
    /// <paramref name="initialRate"/> (1 by default: every page, until the sample is full).</summary>
    public static SampledLruCurve FixedSize(DenseTrace trace, int maxPages, double initialRate = 1.0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        CheckRate(initialRate);
        var hashOf = new ulong[trace.Distinct];
        for (int id = 0; id < hashOf.Length; id++) hashOf[id] = Hash(trace.PageOfId[id], seed);
        ulong threshold = Threshold(initialRate);
        double rate = initialRate;
        var stack = new ReuseStack(trace.Distinct, maxPages + 1);
        var histogram = new Histogram(1.0 / rate);
        // The sample's pages by hash, largest first: the next to leave when the threshold drops.
        var byHash = new PriorityQueue<int, ulong>(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
        long sampled = 0;
        foreach (int id in trace.Ids)
        {
            ulong h = hashOf[id];
            if (h >= threshold) continue;
            if (!stack.Contains(id))
            {
                byHash.Enqueue(id, h);
                if (byHash.Count > maxPages)
                {
                    // Pages whose hash is at or above the new threshold leave for good (the threshold never rises).
                    byHash.TryPeek(out _, out threshold);
                    rate = threshold / TwoTo63;
                    histogram.Weight = 1.0 / rate;
                    while (byHash.TryPeek(out int top, out ulong th) && th >= threshold)
                    {
                        byHash.Dequeue();
                        stack.Remove(top);
                    }
                    if (h >= threshold) continue;   // the new page itself had the largest hash
                }
            }
            sampled++;
            histogram.Add(stack.Reference(id));
        }
        histogram.AdjustTotal(trace.Length);
        return histogram.Curve(trace.Length, sampled, byHash.Count, initialRate, rate, maxPages);
    }

    /// <summary>How many of the trace's distinct pages a sample at <paramref name="rate"/> takes: with none, there is
    /// no curve to estimate (a caller refuses that before running).</summary>
    public static int PagesSampled(DenseTrace trace, double rate, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(trace);
        CheckRate(rate);
        ulong threshold = Threshold(rate);
        int sampled = 0;
        foreach (long page in trace.PageOfId)
            if (Hash(page, seed) < threshold) sampled++;
        return sampled;
    }

    /// <summary>A page number's 63-bit hash: SplitMix64's finaliser of the page number mixed with the seed.</summary>
    internal static ulong Hash(long page, ulong seed)
    {
        ulong z = (ulong)page + 0x9E3779B97F4A7C15UL * (seed + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (z ^ (z >> 31)) >> 1;
    }

    private static ulong Threshold(double rate) => rate >= 1 ? 1UL << 63 : (ulong)(rate * TwoTo63);

    private static void CheckRate(double rate)
    {
        if (!(rate > 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "the sampling rate must be above 0 and at most 1");
    }

    /// <summary>Weights of sampled references by scaled stack distance, and of cold references.</summary>
    private sealed class Histogram(double weight)
    {
        private double[] _byDistance = new double[1024];
        private double _cold, _total;

        /// <summary>What one sampled reference weighs now (1/R); its distance is scaled by the same factor.</summary>
        public double Weight { get; set; } = weight;

        public void Add(int distance)
        {
            _total += Weight;
            if (distance == 0)
            {
                _cold += Weight;
                return;
            }
            long scaled = Math.Max(1, (long)Math.Round(distance * Weight));
            if (scaled >= _byDistance.Length) Grow(scaled);
            _byDistance[scaled] += Weight;
        }

        public void AdjustTotal(long expected)
        {
            _byDistance[1] += expected - _total;
            _total = expected;
        }

        public SampledLruCurve Curve(long references, long sampled, int pages, double initialRate, double finalRate, int? maxPages)
        {
            int top = _byDistance.Length - 1;
            while (top > 1 && _byDistance[top] == 0) top--;
            return new SampledLruCurve(references, sampled, pages, initialRate, finalRate, maxPages, _cold, _byDistance[..(top + 1)], _total);
        }

        private void Grow(long index)
        {
            if (index >= Array.MaxLength) throw new InvalidOperationException($"a scaled stack distance of {index} is beyond any trace this model reads");
            Array.Resize(ref _byDistance, (int)Math.Min(Array.MaxLength, Math.Max(index + 1, 2L * _byDistance.Length)));
        }
    }
}
