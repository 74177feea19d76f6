using MmapToolkit.Demos;
using MmapToolkit.Demos.Running;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// Every shipped demo, on the model and the real kernel: the counters its scenario declares must agree, and every
/// other difference must have the scenario's explanation. Serial: other tests' forks would move share counts.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class DemoKernelTests
{
    public static TheoryData<string> Demos() => [.. DemoCatalog.LoadAll().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Demos))]
    public void DemoAgreesWithTheModelOrExplainsWhyNot(string name)
    {
        // Parsed and judged with this kernel's facts (@fault-around, libc's layout, which reasons hold).
        var facts = KernelFacts.Probed();
        var result = DemoSession.Run(DemoCatalog.Find(name, facts: facts), facts: facts);

        Assert.Null(result.KernelSkipped);
        Assert.Equal(facts.ZeroPageOnRead, result.Conditions!.ModelZeroPage);
        var unexplained = result.Comparisons.Where(c => c.Verdict == Verdict.DifferUnexplained)
            .Select(c => $"line {c.Line} '{c.Step}': {c.Counter} model={c.Model} kernel={c.Kernel} ({c.Reason})");
        Assert.True(result.Agree, string.Join("\n", unexplained));
        Assert.Contains(result.Comparisons, c => c.Verdict == Verdict.Agree);
    }

    [Fact]
    public void EveryTopicOfTheNotesHasADemo()
    {
        var topics = DemoCatalog.LoadAll().Select(s => s.Topic).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 21), topics.Order());
    }
}
