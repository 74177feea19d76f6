using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// The demos under both kinds of kernel, here on any machine: the facts are injected, so the zero-page branch and the
/// no-zero-page branch of the model and of the verdicts are both exercised wherever the tests run.
/// </summary>
public class KernelFactsTests
{
    private static readonly KernelFacts ZeroPageKernel = KernelFacts.ModelDefault with { ZeroPageOnRead = true, Source = "test: zero page" };
    private static readonly KernelFacts PrivateFrameKernel = KernelFacts.ModelDefault with { ZeroPageOnRead = false, Source = "test: no zero page" };

    private sealed class ScriptedSide(Func<Step, StepObservation> script) : IScenarioKernel
    {
        public string Side => "scripted";
        public StepObservation Execute(Step step) => script(step);
        public void Dispose() { }
    }

    private static DemoResult RunWithReason(string reason, KernelFacts facts)
    {
        var scenario = ScenarioParser.Parse(
            $"demo t\ntopic 7 t\nprocess main\nmap main r 4 anon private rw\ndiffers faults {reason} why\n", "t.scenario");
        StepObservation Faults(Step s, int n) { var o = new StepObservation(); if (s is MapStep) o.Set("faults", n); return o; }
        return ScenarioRunner.Run(scenario, new ScriptedSide(s => Faults(s, 1)), new ScriptedSide(s => Faults(s, 2)), null,
                                  new DemoConditions(facts, facts.ZeroPageOnRead));
    }

    [Fact]
    public void AZeroPageReasonExplainsOnlyWhereTheKernelMapsTheZeroPage()
    {
        Assert.Equal(Verdict.DifferExplained, RunWithReason("zero-page", ZeroPageKernel).Comparisons.Single().Verdict);
        var elsewhere = RunWithReason("zero-page", PrivateFrameKernel).Comparisons.Single();
        Assert.Equal(Verdict.DifferUnexplained, elsewhere.Verdict);
        Assert.Contains("zero_page_on_read", elsewhere.Reason);
    }

    [Fact]
    public void AFaultAroundReasonExplainsOnlyWhereThereIsAWindow()
    {
        Assert.Equal(Verdict.DifferExplained, RunWithReason("fault-around", KernelFacts.ModelDefault).Comparisons.Single().Verdict);
        var none = RunWithReason("fault-around", KernelFacts.ModelDefault with { FaultAroundPages = 1 }).Comparisons.Single();
        Assert.Equal(Verdict.DifferUnexplained, none.Verdict);
        Assert.Contains("fault_around_pages", none.Reason);
    }

    [Fact]
    public void AThpReasonExplainsOnlyWhereHugePagesCanBeUsed()
    {
        Assert.Equal(Verdict.DifferUnexplained, RunWithReason("thp", KernelFacts.ModelDefault with { LargeAnonymousPages = false }).Comparisons.Single().Verdict);
        Assert.Equal(Verdict.DifferExplained, RunWithReason("thp", KernelFacts.ModelDefault with { LargeAnonymousPages = true }).Comparisons.Single().Verdict);
    }

    [Fact]
    public void AReasonThatNeedsNoFactAlwaysExplains() =>
        Assert.Equal(Verdict.DifferExplained, RunWithReason("readahead", PrivateFrameKernel with { FaultAroundPages = 1 }).Comparisons.Single().Verdict);

    [Theory]
    [InlineData(true, 8, 8)]
    [InlineData(false, 8, 0)]
    public void TheZeroPageDemo_OnTheModel_FollowsTheKernelItIsComparedWith(bool zeroPage, long readFaults, long writeFaults)
    {
        var scenario = DemoCatalog.Find("zero-page");
        var result = DemoSession.Run(scenario, modelOnly: true, facts: KernelFacts.ModelDefault with { ZeroPageOnRead = zeroPage });
        long Faults(string step) => result.Comparisons.Single(c => c.Step.StartsWith(step, StringComparison.Ordinal) && c.Counter == "faults").Model.Value is { } v ? long.Parse(v) : -1;
        Assert.Equal(readFaults, Faults("touch   main fresh all read"));
        Assert.Equal(writeFaults, Faults("touch   main fresh all write"));
        Assert.Equal(zeroPage, result.Conditions!.ModelZeroPage);
        Assert.All(result.Comparisons.Where(c => c.Counter == "resident" && c.Step.StartsWith("observe", StringComparison.Ordinal)),
                   c => Assert.Equal("8", c.Model.Value));
    }

    [Fact]
    public void TheModelsEventLogSaysWhatTheModelDid()
    {
        var scenario = DemoCatalog.Find("zero-page");
        var without = DemoSession.Run(scenario, modelOnly: true, facts: PrivateFrameKernel);
        var with = DemoSession.Run(scenario, modelOnly: true, facts: ZeroPageKernel);
        Assert.DoesNotContain(without.Events.SelectMany(e => e.Model), e => e.Contains("zero page"));
        Assert.Contains(with.Events.SelectMany(e => e.Model), e => e.Contains("zero page"));
    }

    [Fact]
    public void AChosenModelZeroPageOverridesTheFacts()
    {
        var result = DemoSession.Run(DemoCatalog.Find("zero-page"), modelOnly: true, facts: PrivateFrameKernel, modelZeroPage: true);
        Assert.True(result.Conditions!.ModelZeroPage);
        Assert.Contains("--zero-page", result.Conditions.Describe());
    }

    [Fact]
    public void AtNameStandsForAFactOfTheKernel()
    {
        var facts = KernelFacts.ModelDefault with { FaultAroundPages = 8 };
        var scenario = ScenarioParser.Parse("demo t\ntopic 3 t\nstory every @fault-around pages\nprocess main\nmap main r 40 anon private rw\ntouch main r 0..39/@fault-around read\n",
                                            "t.scenario", facts.Values);
        Assert.Equal("every 8 pages", scenario.Story.Single());
        Assert.Equal([0, 8, 16, 24, 32], scenario.Steps.OfType<TouchStep>().Single().Pages.Resolve(40));
    }

    [Fact]
    public void TextOnDemandTouchesOnePagePerFaultAroundWindow()
    {
        foreach (int window in new[] { 1, 16, 32 })
        {
            var facts = KernelFacts.ModelDefault with { FaultAroundPages = window };
            var touch = DemoCatalog.Find("text-on-demand", facts: facts).Steps.OfType<TouchStep>().First();
            Assert.Equal(Enumerable.Range(0, 40).Where(p => p % window == 0), touch.Pages.Resolve(40));
        }
    }

    [Fact]
    public void AnUnknownFactIsAFormatErrorNamingTheLine()
    {
        var e = Assert.Throws<ScenarioFormatException>(() =>
            ScenarioParser.Parse("demo t\ntopic 3 t\nprocess main\nmap main r @nonsense anon private rw\n", "t.scenario"));
        Assert.Contains("t.scenario:4", e.Message);
        Assert.Contains("@nonsense", e.Message);
    }
}
