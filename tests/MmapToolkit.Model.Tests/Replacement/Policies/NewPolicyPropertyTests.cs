using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

/// <summary>What every policy owes the engine, on random traces: a victim that holds a page, counts that add up,
/// only cold misses when every page fits, and the factory's instance counting what a direct instance counts.</summary>
public class NewPolicyPropertyTests
{
    public static TheoryData<string> Names => new() { "2q", "s3fifo", "lru2", "aging", "nru", "lirs", "clockpro", "clock0" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Random_traces_keep_the_engines_protocol(string name)
    {
        var rng = new Random(23);
        for (int n = 0; n < 200; n++)
        {
            var trace = NaivePolicies.RandomTrace(rng, rng.Next(2, 40), rng.Next(1, 400));
            var dense = DenseTrace.From(trace);
            for (int frames = 1; frames <= 12; frames++)
            {
                // The engine throws if the policy names a free or out-of-range frame.
                var r = TraceSimulator.Run(name, frames, dense, seed: 3);
                Assert.Equal(r.References, r.Hits + r.Faults);
                Assert.True(r.Faults >= dense.Distinct);
                if (frames >= dense.Distinct) Assert.Equal(dense.Distinct, r.Faults);
                Assert.Equal(r.Faults - Math.Min(frames, dense.Distinct), r.Evictions);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_kernel_model_can_run_them(string name)
    {
        // The Machine builds its policy through the factory; the name must be accepted there too.
        Assert.Equal(name, PolicyFactory.Create(name, 4).Name);
        Assert.Contains(name, PolicyFactory.Names);
    }

    [Fact]
    public void Bad_parameters_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => (PolicyOptions.Default with { Kin = 1.5 }).Validate(p => "--" + p.ToLowerInvariant()));
        Assert.StartsWith("--kin is a share of the frames", e.Message);
        Assert.Throws<ArgumentException>(() => (PolicyOptions.Default with { Bits = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (PolicyOptions.Default with { Tau = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (PolicyOptions.Default with { SmallFraction = double.NaN }).Validate());
        Assert.Throws<ArgumentException>(() => PolicyFactory.Create("aging", 4, PolicyOptions.Default with { Period = -1 }));
    }
}
