using MmapToolkit.Measurements;
using MmapToolkit.Pager;

namespace MmapToolkit.Linux.Tests.Measurements;

public class SpreadTests
{
    [Fact]
    public void OddCountGivesTheMiddleSampleAndQuartilesAtWholePositions()
    {
        var s = Spread.Of([5, 1, 4, 2, 3]);
        Assert.Equal(5, s.Count);
        Assert.Equal(3, s.Median);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(2, s.LowerQuartile);
        Assert.Equal(4, s.UpperQuartile);
        Assert.Equal((4.0 - 2.0) / 2 / 3, s.RelativeSpread, 12);
        Assert.Equal(100.0 / 3, s.SpreadPercent, 10);
    }

    [Fact]
    public void EvenCountInterpolatesBetweenNeighbours()
    {
        var s = Spread.Of([40, 10, 30, 20]);
        Assert.Equal(25, s.Median);
        Assert.Equal(17.5, s.LowerQuartile);
        Assert.Equal(32.5, s.UpperQuartile);
        Assert.Equal(0.3, s.RelativeSpread, 12);
    }

    [Fact]
    public void OneSampleHasNoSpread()
    {
        var s = Spread.Of([7.5]);
        Assert.Equal(7.5, s.Median);
        Assert.Equal(7.5, s.Min);
        Assert.Equal(7.5, s.Max);
        Assert.Equal(0, s.RelativeSpread);
    }

    [Fact]
    public void AnOutlierMovesMinMaxButNotTheMedianOrSpread()
    {
        var calm = Spread.Of([100, 101, 102, 103, 104, 105, 106, 107, 108]);
        var spiky = Spread.Of([100, 101, 102, 103, 104, 105, 106, 107, 10_000]);
        Assert.Equal(calm.Median, spiky.Median);
        Assert.Equal(calm.RelativeSpread, spiky.RelativeSpread);
        Assert.Equal(10_000, spiky.Max);
    }

    [Fact]
    public void AZeroMedianGivesZeroSpreadRatherThanInfinity()
    {
        Assert.Equal(0, Spread.Of([0, 0, 0, 5]).RelativeSpread);
    }

    [Fact]
    public void BadSamplesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
        Assert.Throws<ArgumentException>(() => Spread.Of([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Spread.Of([1]).Quantile(1.5));
    }

    [Fact]
    public void ThePagerCostFiguresUseTheSameStatistics()
    {
        double[] samples = [9, 3, 7, 1, 5, 11];
        var figure = new CostFigure("x", "y", samples);
        var spread = Spread.Of(samples);
        Assert.Equal(6, figure.Median);
        Assert.Equal(spread.Median, figure.Median);
        Assert.Equal(1, figure.Min);
        Assert.Equal(11, figure.Max);
        Assert.Equal(spread.RelativeSpread, figure.RelativeSpread);
    }

    [Fact]
    public void AMeasurementDividesEachRepetitionByItsPagesOrGivesMicroseconds()
    {
        CostSample[] samples = [new(3000, 10, 0), new(1000, 10, 0), new(2000, 10, 1)];
        var perPage = new CostMeasurement("a", "g", "d", CostUnit.NanosecondsPerPage, 10, samples);
        Assert.Equal([300.0, 100.0, 200.0], perPage.Values);
        Assert.Equal(200, perPage.Statistics.Median);
        Assert.Equal(2, perPage.TotalMicroseconds.Median);
        Assert.Equal([10L, 10L, 10L], perPage.MinorFaults);
        Assert.Equal([0L, 0L, 1L], perPage.MajorFaults);

        var whole = new CostMeasurement("b", "g", "d", CostUnit.Microseconds, 10, [new(1500, null, null)]);
        Assert.Equal([1.5], whole.Values);
        Assert.Null(whole.MinorFaults);
        Assert.Null(whole.MajorFaults);
    }

    [Fact]
    public void ForkGrowthPerPageComesFromTheSmallestAndLargestMedians()
    {
        CostMeasurement Fork(long size, long ns) => new($"fork_heap_{size}", ForkCost.Group, "d", CostUnit.Microseconds, size, [new(ns, null, null)]);
        Assert.Equal(10.0, ForkCost.NanosecondsPerHeapPage([Fork(1000, 100_000), Fork(11_000, 200_000), Fork(5000, 1)]));
        Assert.Null(ForkCost.NanosecondsPerHeapPage([Fork(1000, 100_000)]));
    }

    [Fact]
    public void TouchedPagesAreSpreadEvenlyFromPageZero()
    {
        Assert.Equal([0L, 4, 8, 12], CostOptions.SpreadPages(16, 4));
        Assert.Equal([0L, 1, 2], CostOptions.SpreadPages(3, 3));
        Assert.Equal([0L, 3, 6], CostOptions.SpreadPages(10, 3));
    }
}
