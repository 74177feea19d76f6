namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LRU's miss-ratio curve estimated from a spatially hashed sample of the pages (SHARDS, <see cref="ShardsSampler"/>):
/// every sampled reference carries a weight (1/R for the rate R in force when it was seen), its stack distance among
/// the sampled pages scaled by 1/R. The miss ratio with k frames is the weight of cold references and of references
/// whose scaled distance exceeds k, over the whole weight.
/// </summary>
public sealed class SampledLruCurve
{
    private readonly double[] _missWeightAbove;   // index k: weight of sampled references that miss with k frames
    private readonly double _totalWeight;

    internal SampledLruCurve(long references, long sampledReferences, int sampledPages, double initialRate, double finalRate,
                             int? maxPages, double coldWeight, double[] histogram, double totalWeight)
    {
        References = references;
        SampledReferences = sampledReferences;
        SampledPages = sampledPages;
        InitialRate = initialRate;
        FinalRate = finalRate;
        MaxPages = maxPages;
        _totalWeight = totalWeight;
        // histogram[d] = weight with scaled distance d; misses with k frames = cold + the weight with distance > k.
        int top = Math.Max(0, histogram.Length - 1);
        _missWeightAbove = new double[top + 1];
        _missWeightAbove[top] = coldWeight;
        for (int k = top - 1; k >= 0; k--) _missWeightAbove[k] = _missWeightAbove[k + 1] + histogram[k + 1];
        EstimatedDistinctPages = (int)Math.Min(int.MaxValue, Math.Round(coldWeight));
    }

    /// <summary>References in the trace (all of them were hashed; only the sampled ones were simulated).</summary>
    public long References { get; }

    /// <summary>References to sampled pages, counted while their page was in the sample.</summary>
    public long SampledReferences { get; }

    /// <summary>Pages in the sample at the end.</summary>
    public int SampledPages { get; }

    /// <summary>The sampling rate at the start, and at the end (lower only in fixed-size mode, as the threshold drops).</summary>
    public double InitialRate { get; }

    public double FinalRate { get; }

    /// <summary>Fixed-size mode: the most pages kept in the sample; null for fixed rate.</summary>
    public int? MaxPages { get; }

    /// <summary>The estimated number of distinct pages (the weight of cold references); at or past it, only cold misses remain.</summary>
    public int EstimatedDistinctPages { get; }

    /// <summary>Estimated LRU miss ratio with <paramref name="frames"/> frames.</summary>
    public double MissRatio(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (_totalWeight <= 0) return 0;
        double misses = frames < _missWeightAbove.Length ? _missWeightAbove[frames] : _missWeightAbove[^1];
        return Math.Clamp(misses / _totalWeight, 0, 1);
    }

    /// <summary>Estimated LRU faults with <paramref name="frames"/> frames: the miss ratio times the trace's references.</summary>
    public long EstimatedFaults(int frames) => (long)Math.Round(MissRatio(frames) * References);
}
