using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// The <c>fault-pages</c> counter: pages written as ranges and read back, the verdict on a difference (a known reason
/// explains only the shape of difference it produces), and the model's side of it (its fault log, pre-paging left out).
/// </summary>
public class FaultPagesTests
{
    private const int PageSize = 4096;

    [Theory]
    [InlineData(new int[0], "none")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 3, 1, 2, 0, 7 }, "0-3,7")]
    [InlineData(new[] { 0, 2, 4, 5, 6, 9, 9 }, "0,2,4-6,9")]
    public void PagesAreWrittenAsRangesAndReadBack(int[] pages, string text)
    {
        Assert.Equal(text, FaultPages.Format(pages));
        Assert.Equal(pages.Distinct().Order(), FaultPages.Parse(text));
    }

    private sealed class ScriptedSide(Func<Step, StepObservation> script) : IScenarioKernel
    {
        public string Side => "scripted";
        public StepObservation Execute(Step step) => script(step);
        public void Dispose() { }
    }

    /// <summary>One touch step whose fault-pages are <paramref name="model"/> on the model, <paramref name="kernel"/> on the
    /// kernel, under the scenario's <paramref name="differs"/> line; the judged comparison.</summary>
    private static CounterComparison Judge(string differs, int[] model, int[] kernel, KernelFacts? facts = null)
    {
        var scenario = ScenarioParser.Parse(
            $"demo t\ntopic 1 t\nprocess main\nfile f 4 data\nmap main r 4 file=f private r\ntouch main r all read\n{differs}\n", "t.scenario");
        StepObservation Side(Step step, int[] pages)
        {
            var o = new StepObservation();
            if (step is TouchStep) o.SetFaultLog(new StepFaultLog("r", pages.Select(p => new StepFault(p, $"page {p}")).ToList()));
            return o;
        }
        var result = ScenarioRunner.Run(scenario, new ScriptedSide(s => Side(s, model)), new ScriptedSide(s => Side(s, kernel)),
                                        conditions: facts is null ? null : new DemoConditions(facts, facts.ZeroPageOnRead));
        return result.Comparisons.Single(c => c.Counter == "fault-pages");
    }

    [Fact]
    public void FaultAroundExplainsAKernelThatFaultedOnFewerPages()
    {
        var c = Judge("differs fault-pages fault-around one fault maps its neighbours", [0, 1, 2, 3], [0]);
        Assert.Equal(Verdict.DifferExplained, c.Verdict);
        Assert.Equal("0-3", c.Model.Value);
        Assert.Equal("0", c.Kernel.Value);
        Assert.StartsWith("fault-around:", c.Reason);
    }

    [Fact]
    public void FaultAroundNeverExplainsAKernelFaultOnAPageTheModelDidNotFault()
    {
        var c = Judge("differs fault-pages fault-around one fault maps its neighbours", [0], [0, 2]);
        Assert.Equal(Verdict.DifferUnexplained, c.Verdict);
        Assert.Contains("the kernel faulted on page(s) 2 the model did not", c.Reason);
    }

    [Fact]
    public void FaultAroundExplainsNothingOnAKernelWithoutIt()
    {
        var noFaultAround = KernelFacts.ModelDefault with { FaultAroundPages = 1 };
        var c = Judge("differs fault-pages fault-around one fault maps its neighbours", [0, 1, 2, 3], [0], noFaultAround);
        Assert.Equal(Verdict.DifferUnexplained, c.Verdict);
        Assert.Contains("fault_around_pages > 1", c.Reason);
    }

    [Theory]
    [InlineData("dirty-tracking")]
    [InlineData("fork-refault")]
    public void ReasonsThatAddKernelFaultsExplainOnlyMorePagesOnTheKernel(string reason)
    {
        Assert.Equal(Verdict.DifferExplained, Judge($"differs fault-pages {reason} a second fault", [0], [0, 1]).Verdict);
        var c = Judge($"differs fault-pages {reason} a second fault", [0, 1], [1]);
        Assert.Equal(Verdict.DifferUnexplained, c.Verdict);
        Assert.Contains("the model faulted on page(s) 0 the kernel did not", c.Reason);
    }

    [Fact]
    public void UnrecordedKernelPagesAreNotComparedAndSaySo()
    {
        var scenario = ScenarioParser.Parse("demo t\ntopic 1 t\nprocess main\nmap main r 2 anon private rw\ntouch main r all write\n", "t.scenario");
        var model = new ScriptedSide(s => s is TouchStep ? new StepObservation().SetFaultLog(new StepFaultLog("r", [new StepFault(0, "a"), new StepFault(1, "b")])) : new StepObservation());
        var kernel = new ScriptedSide(s => s is TouchStep ? new StepObservation().SetFaultLog(StepFaultLog.NotAvailable("r", "perf_event_open refused")) : new StepObservation());
        var c = ScenarioRunner.Run(scenario, model, kernel).Comparisons.Single(c => c.Counter == "fault-pages");
        Assert.Equal(Verdict.NotCompared, c.Verdict);
        Assert.Equal("perf_event_open refused", c.Reason);
    }

    [Fact]
    public void TheModelsCopyOnWriteFaultsInCowForkAreTheChildsFourPages()
    {
        var scenario = DemoCatalog.Find("cow-fork");
        using var model = new ModelScenarioKernel(scenario, PageSize, useZeroPage: true, checkInvariants: true);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");

        var childWrite = result.Events.Single(e => e.Step.Contains("child1 heap 0..3 write value=9"));
        Assert.Equal([0, 1, 2, 3], childWrite.ModelFaults!.Pages);
        Assert.All(childWrite.ModelFaults.Faults, f => Assert.Contains("copy-on-write", f.What));
        var again = result.Events.Single(e => e.Step.Contains("child1 heap 0..3 write value=10"));
        Assert.Empty(again.ModelFaults!.Pages);
    }

    [Fact]
    public void ThePrePagedPagesOfAPopulatedMapAreLoggedButAreNoFaultPages()
    {
        var scenario = DemoCatalog.Find("prepaging");
        using var model = new ModelScenarioKernel(scenario, PageSize, useZeroPage: true, checkInvariants: true);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");

        var populate = result.Events.Single(e => e.Step.Contains("populate"));
        Assert.Equal("MAP_POPULATE", populate.PrePaging);
        Assert.Equal(64, populate.ModelFaults!.Faults.Count);
        Assert.All(populate.ModelFaults.Faults, f => Assert.True(f.PrePaged));
        Assert.Equal("none", result.Comparisons.Single(c => c.Line == populate.Line && c.Counter == "fault-pages").Model.Value);
        Assert.Equal("MADV_WILLNEED", result.Events.Single(e => e.Step.Contains("willneed")).PrePaging);
        Assert.Null(result.Events.Single(e => e.Step.Contains("demand all write")).PrePaging);
    }
}
