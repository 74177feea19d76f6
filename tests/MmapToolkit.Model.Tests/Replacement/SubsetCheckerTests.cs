using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>
/// The subset checker tracks the difference between the two memories step by step; these compare it with the plain
/// definition (after every reference, scan every page held with k frames) on random traces.
/// </summary>
public class SubsetCheckerTests
{
    [Theory]
    [InlineData("fifo", false)]
    [InlineData("lru", false)]
    [InlineData("clock", false)]
    [InlineData("lfu", false)]
    [InlineData("mfu", false)]
    [InlineData("random", false)]
    [InlineData("sieve", false)]
    [InlineData("arc", false)]
    [InlineData("opt", false)]
    [InlineData("opt", true)]
    public void The_first_violation_is_the_one_a_full_scan_finds(string policy, bool livePagesOnly)
    {
        var rng = new Random(policy.Sum(c => c) * 2 + (livePagesOnly ? 1 : 0));   // fixed per case (string hashes vary by process)
        int violations = 0;
        for (int i = 0; i < 300; i++)
        {
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(2, 8), rng.Next(1, 40));
            var expected = ScanForViolation(policy, trace, maxFrames: 6, livePagesOnly);
            var found = StackPropertyChecker.Check(policy, trace, maxFrames: 6, seed: 1, livePagesOnly);
            Assert.Equal(expected, found is null ? null : (found.SmallFrames, found.Step));
            if (found is not null) violations++;
        }
        if (policy is "fifo" or "lfu" or "mfu" or "random") Assert.True(violations > 0, $"no {policy} trace broke the property: the comparison checked nothing");
    }

    private static (int Frames, int Step)? ScanForViolation(string policy, PageReference[] trace, int maxFrames, bool livePagesOnly)
    {
        var dense = DenseTrace.From(trace);
        int[]? nextUse = policy == "opt" ? OptPolicy.NextUses(dense.Ids, dense.Distinct) : null;
        var lastUse = new int[dense.Distinct];
        for (int i = 0; i < dense.Length; i++) lastUse[dense.Ids[i]] = i;
        for (int k = 1; k < maxFrames; k++)
        {
            var small = new ReplacementEngine(PolicyFactory.Create(policy, k, 1, nextUse), dense);
            var large = new ReplacementEngine(PolicyFactory.Create(policy, k + 1, 1, nextUse), dense);
            for (int i = 0; i < dense.Length; i++)
            {
                small.Step(dense.Ids[i], dense.Writes[i]);
                large.Step(dense.Ids[i], dense.Writes[i]);
                for (int f = 0; f < small.Frames; f++)
                {
                    int id = small.IdInFrame(f);
                    if (id < 0 || (livePagesOnly && lastUse[id] <= i)) continue;
                    if (!large.IsResident(id)) return (k, i);
                }
            }
        }
        return null;
    }
}
