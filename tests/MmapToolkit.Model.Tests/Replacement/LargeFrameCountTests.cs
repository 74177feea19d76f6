using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>Frame counts far beyond what a trace touches cost only what the trace touches (issue 9).</summary>
public class LargeFrameCountTests
{
    public static TheoryData<string> AllPolicies => new() { "fifo", "lru", "opt", "clock", "clock3", "random", "lfu", "mfu", "sieve", "arc", "2q", "s3fifo", "lru2", "aging", "nru", "lirs", "clockpro", "clock0" };

    private static readonly PageReference[] Short = TraceParser.Parse("0 1 2 0 1w 3").ToArray();

    [Theory]
    [MemberData(nameof(AllPolicies))]
    public void The_largest_frame_count_allocates_only_what_the_trace_needs(string policy)
    {
        var dense = DenseTrace.From(Short);
        TraceSimulator.Run(policy, 4, dense);   // JIT and statics first, so only the run is counted below
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = TraceSimulator.Run(policy, int.MaxValue, dense);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"{policy} with int.MaxValue frames allocated {allocated:N0} bytes for a 6-reference trace");
        Assert.Equal(int.MaxValue, r.Frames);
        Assert.Equal((6L, 4L, 2L, 0L), (r.References, r.Faults, r.Hits, r.Evictions));
    }

    [Theory]
    [MemberData(nameof(AllPolicies))]
    public void Past_the_distinct_pages_every_count_gives_what_the_uncapped_policy_gives(string policy)
    {
        var rng = new Random(5);
        for (int i = 0; i < 60; i++)
        {
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(1, 9), rng.Next(1, 60));
            var dense = DenseTrace.From(trace);
            int[]? nextUse = policy == "opt" ? OptPolicy.NextUses(dense.Ids, dense.Distinct) : null;
            for (int frames = dense.Distinct; frames <= dense.Distinct + 3; frames++)
            {
                // The policy instance built with every frame asked for: no cap anywhere.
                var uncapped = TraceSimulator.Run(PolicyFactory.Create(policy, frames, seed: 3, nextUse), dense);
                var capped = TraceSimulator.Run(policy, frames, dense, seed: 3);
                Assert.Equal(uncapped, capped);
                Assert.Equal(uncapped.ZeroFills, capped.ZeroFills);
            }
        }
    }

    [Fact]
    public void A_table_with_many_frames_records_only_the_frames_that_can_fill()
    {
        var dense = DenseTrace.From(Short);
        TraceSimulator.Run("fifo", 4, dense, recordTable: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var table = TraceSimulator.Run("fifo", 10_000_000, dense, recordTable: true).Table!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"a 10,000,000-frame table of 6 references allocated {allocated:N0} bytes");
        Assert.Equal(10_000_000, table.Frames);
        Assert.Equal(0, table.PageAt(0, 0));
        Assert.Null(table.PageAt(9_999_999, 5));
        Assert.Equal(4, table.Loads);
    }

    [Fact]
    public void Rows_past_the_simulated_frames_print_as_empty_frames()
    {
        var small = TraceSimulator.Run("fifo", 4, Short, recordTable: true).Table!.Lines();
        var large = TraceSimulator.Run("fifo", 6, Short, recordTable: true).Table!.Lines();
        Assert.Equal(small, large.Take(5));
        Assert.Equal("physical page 6 : - - - - - -", large[6]);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("lfu")]
    [InlineData("arc")]
    public void Belady_and_subset_checks_compare_only_counts_below_the_distinct_pages(string policy)
    {
        var notes = TraceParser.Parse(NotesTables.ReferenceString);
        var belady = new List<int>();
        var subset = new List<int>();
        BeladyAnomalyFinder.Check(policy, notes, maxFrames: 1, seed: 1);   // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        var anomaly = BeladyAnomalyFinder.Check(policy, notes, maxFrames: 3000, progress: new Recorder(belady));
        var violation = StackPropertyChecker.Check(policy, notes, maxFrames: 3000, progress: new Recorder(subset));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"comparing up to 3000 frames on 12 references allocated {allocated:N0} bytes");
        // Five distinct pages: the answers are those of comparing up to five frames.
        Assert.Equal(BeladyAnomalyFinder.Check(policy, notes, maxFrames: 5), anomaly, AnomalyComparer.Instance);
        Assert.Equal(StackPropertyChecker.Check(policy, notes, maxFrames: 5)?.ToString(), violation?.ToString());
        Assert.Equal(Enumerable.Range(1, anomaly is null ? 5 : anomaly.MoreFrames), belady);
        Assert.Equal(Enumerable.Range(1, violation is null ? 4 : violation.SmallFrames), subset);
    }

    private sealed class Recorder(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }

    private sealed class AnomalyComparer : IEqualityComparer<BeladyAnomaly?>
    {
        public static readonly AnomalyComparer Instance = new();
        public bool Equals(BeladyAnomaly? a, BeladyAnomaly? b) => a?.ToString() == b?.ToString();
        public int GetHashCode(BeladyAnomaly? a) => a?.ToString().GetHashCode() ?? 0;
    }
}
