using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using Xunit.Abstractions;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>SHARDS (sampled LRU curves): exact at rate 1, within 0.01 mean absolute error of the miss ratio at rate
/// 0.01 on 2M-reference Zipf traces (the figure issue 14 asks for), and the fixed-size mode keeps its bound.</summary>
public class ShardsTests(ITestOutputHelper output)
{
    private static DenseTrace Zipf(long length, int pages, ulong seed)
    {
        var builder = new DenseTraceBuilder((int)length);
        TraceGenerator.Generate(new TraceGenerationOptions(TraceKind.Zipf, length, pages, seed), builder);
        return builder.Build();
    }

    /// <summary>Mean over every frame count 1..distinct pages of |sampled - exact| miss ratio, and the largest.</summary>
    internal static (double Mean, double Max) Error(SampledLruCurve sampled, LruFaultCurve exact)
    {
        double sum = 0, max = 0;
        for (int k = 1; k <= exact.DistinctPages; k++)
        {
            double e = Math.Abs(sampled.MissRatio(k) - (double)exact.Faults(k) / exact.References);
            sum += e;
            max = Math.Max(max, e);
        }
        return (sum / exact.DistinctPages, max);
    }

    [Theory]
    [InlineData(1, 300, 20_000)]
    [InlineData(2, 5000, 60_000)]
    public void At_rate_one_both_modes_give_the_exact_curve(ulong seed, int pages, int length)
    {
        var trace = Zipf(length, pages, seed);
        var exact = LruFaultCurve.Compute(trace);
        var rate = ShardsSampler.FixedRate(trace, 1.0);
        var size = ShardsSampler.FixedSize(trace, trace.Distinct);
        Assert.Equal(trace.Length, rate.SampledReferences);
        for (int k = 1; k <= trace.Distinct + 2; k++)
        {
            Assert.Equal(exact.Faults(k), rate.EstimatedFaults(k));
            Assert.Equal(exact.Faults(k), size.EstimatedFaults(k));
        }
        Assert.Equal(1.0, size.FinalRate);
        Assert.Equal(trace.Distinct, rate.EstimatedDistinctPages);
    }

    /// <summary>At rate 0.01 the error depends on which hot pages the hash happens to sample: over 30 hash seeds the
    /// mean absolute error had a median of 0.006 (100,000 pages) and 0.0035 (1,000,000), a 90th percentile of 0.014 and
    /// 0.010 (docs/model.md). So: the default hash, and the median of nine hashes, are within 0.01.</summary>
    [Theory]
    [InlineData(8UL, 100_000)]
    [InlineData(9UL, 1_000_000)]
    public void Fixed_rate_one_percent_is_within_a_hundredth_on_a_2M_zipf_trace(ulong seed, int pages)
    {
        var trace = Zipf(2_000_000, pages, seed);
        var exact = LruFaultCurve.Compute(trace);
        var sampled = ShardsSampler.FixedRate(trace, 0.01);
        var (mean, max) = Error(sampled, exact);
        output.WriteLine($"zipf pages {pages} seed {seed}: distinct {trace.Distinct}, sampled {sampled.SampledReferences} refs, {sampled.SampledPages} pages; MAE {mean:F5}, max {max:F5}");
        Assert.InRange(sampled.SampledReferences, 1, trace.Length / 10);   // it sampled, and only a small part
        Assert.True(mean <= 0.01, $"mean absolute error {mean:F5} > 0.01");
        var errors = Enumerable.Range(0, 9).Select(h => Error(ShardsSampler.FixedRate(trace, 0.01, (ulong)h), exact).Mean).Order().ToArray();
        output.WriteLine($"nine hashes: {string.Join(' ', errors.Select(e => e.ToString("F4")))}");
        Assert.True(errors[4] <= 0.01, $"median mean absolute error over nine hashes {errors[4]:F5} > 0.01");
    }

    [Theory]
    [InlineData(7UL, 100_000, 8192)]
    [InlineData(8UL, 1_000_000, 8192)]
    public void Fixed_size_keeps_its_bound_and_is_within_a_hundredth(ulong seed, int pages, int maxPages)
    {
        var trace = Zipf(2_000_000, pages, seed);
        var exact = LruFaultCurve.Compute(trace);
        var sampled = ShardsSampler.FixedSize(trace, maxPages);
        var (mean, max) = Error(sampled, exact);
        output.WriteLine($"zipf pages {pages} seed {seed}: distinct {trace.Distinct}, final rate {sampled.FinalRate:G4}, {sampled.SampledPages} pages; MAE {mean:F5}, max {max:F5}");
        Assert.Equal(maxPages, sampled.SampledPages);
        Assert.True(sampled.FinalRate < 1.0 * maxPages / trace.Distinct * 2, $"final rate {sampled.FinalRate}");
        Assert.True(mean <= 0.01, $"mean absolute error {mean:F5} > 0.01");
    }

    [Fact]
    public void Another_hash_seed_samples_other_pages()
    {
        var trace = Zipf(200_000, 50_000, 3);
        var a = ShardsSampler.FixedRate(trace, 0.01, seed: 0);
        var b = ShardsSampler.FixedRate(trace, 0.01, seed: 1);
        Assert.NotEqual(a.SampledReferences, b.SampledReferences);
        Assert.Equal(a.SampledReferences, ShardsSampler.FixedRate(trace, 0.01, seed: 0).SampledReferences);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused(double rate)
        => Assert.Throws<ArgumentOutOfRangeException>(() => ShardsSampler.FixedRate(Zipf(10, 5, 1), rate));
}
