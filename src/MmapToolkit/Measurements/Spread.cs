namespace MmapToolkit.Measurements;

/// <summary>
/// The summary of repeated measurements: median, extremes, quartiles, and the spread as half the interquartile
/// range relative to the median. Quantiles interpolate linearly between the sorted samples (position q·(n−1)),
/// so one sample gives median = min = max and a spread of 0. The samples are copied; the summary never changes.
/// </summary>
public sealed class Spread
{
    private readonly double[] _sorted;

    private Spread(double[] sorted) => _sorted = sorted;

    /// <summary>Summarises <paramref name="samples"/>: at least one, each a finite number.</summary>
    public static Spread Of(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("a spread needs at least one sample", nameof(samples));
        if (sorted.Any(s => !double.IsFinite(s))) throw new ArgumentException("every sample must be a finite number", nameof(samples));
        Array.Sort(sorted);
        return new Spread(sorted);
    }

    /// <summary>Number of samples.</summary>
    public int Count => _sorted.Length;
    /// <summary>The smallest sample.</summary>
    public double Min => _sorted[0];
    /// <summary>The largest sample.</summary>
    public double Max => _sorted[^1];
    /// <summary>The median (0.5-quantile).</summary>
    public double Median => Quantile(0.5);
    /// <summary>The 0.25-quantile.</summary>
    public double LowerQuartile => Quantile(0.25);
    /// <summary>The 0.75-quantile.</summary>
    public double UpperQuartile => Quantile(0.75);

    /// <summary>Half the distance between the quartiles, as a share of the median (0.05 = ±5 %); 0 when the median is 0.</summary>
    public double RelativeSpread => Median == 0 ? 0 : (UpperQuartile - LowerQuartile) / 2 / Median;

    /// <summary><see cref="RelativeSpread"/> in percent.</summary>
    public double SpreadPercent => RelativeSpread * 100;

    /// <summary>The q-quantile (0 ≤ q ≤ 1), interpolated linearly between neighbouring sorted samples.</summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies between 0 and 1");
        double pos = q * (_sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return _sorted[lo] + (_sorted[hi] - _sorted[lo]) * (pos - lo);
    }
}
