using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

public class FrameBitSetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(5000)]
    [InlineData(300_000)]   // three levels
    public void Next_equals_a_linear_search(int size)
    {
        var rng = new Random(size);
        var set = new FrameBitSet(size);
        var plain = new bool[size];
        for (int step = 0; step < 3000; step++)
        {
            int i = rng.Next(size);
            if (rng.Next(3) == 0) { set.Remove(i); plain[i] = false; }
            else { set.Add(i); plain[i] = true; }
            int from = rng.Next(size + 1), limit = rng.Next(size + 1);
            int expected = -1;
            for (int j = from; j < limit; j++) if (plain[j]) { expected = j; break; }
            Assert.Equal(expected, set.Next(from, limit));
            Assert.Equal(plain[i], set.Contains(i));
        }
    }
}
