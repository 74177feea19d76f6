using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Model.Tests.Traces;

public class PageIdMapTests
{
    /// <summary>Ids in order of first appearance, as a Dictionary gives them, whichever structure holds each page (large
    /// pages seen early go to the table, and later to the array when it grows past them).</summary>
    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 100_000)]
    [InlineData(3, 5_000_000)]
    [InlineData(4, long.MaxValue)]
    public void Ids_follow_first_appearance(int seed, long range)
    {
        var rng = new Random(seed);
        var map = new PageIdMap();
        var expected = new Dictionary<long, int>();
        for (int i = 0; i < 300_000; i++)
        {
            long page = rng.Next(3) switch { 0 => rng.NextInt64(range), 1 => rng.NextInt64(Math.Min(range, 2_000)), _ => i / 3 };
            if (!expected.TryGetValue(page, out int id)) expected[page] = id = expected.Count;
            Assert.Equal(id, map.GetOrAdd(page));
        }
        Assert.Equal(expected.Count, map.Count);
    }
}
