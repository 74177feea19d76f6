using MmapToolkit.Demos;
using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Kernels.Real;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Interop;
using MmapToolkit.Linux.Tests.Observers;
using MmapToolkit.Linux.Tests.Recording;
using MmapToolkit.Recording;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// <c>fault-pages</c> on the real kernel: which region pages faulted, recorded with perf_event_open for the main
/// process's steps and for the child agents', compared page by page with the model's fault log; a difference explained
/// only by a reason of its shape; and, with the recorder refused, a demo that runs on and says why its pages are not
/// compared. Serial: the demos fork, and other tests' forks would move share counts.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class DemoFaultPagesTests
{
    private static DemoResult Run(Scenario scenario, ProcessFaultRecorders? recorders = null)
    {
        var facts = KernelFacts.Probed();
        using var model = new ModelScenarioKernel(scenario, useZeroPage: facts.ZeroPageOnRead);
        using var kernel = new RealScenarioKernel(scenario, recorders);
        return ScenarioRunner.Run(scenario, model, kernel, conditions: new DemoConditions(facts, facts.ZeroPageOnRead));
    }

    private static Scenario Shipped(string name) => DemoCatalog.Find(name, facts: KernelFacts.Probed());

    [PerfFact]
    public void CowForkFaultsOnTheSamePagesOnBothSidesStepByStep()
    {
        var result = Run(Shipped("cow-fork"));

        var touches = result.Events.Where(e => e.Step.StartsWith("touch", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, touches.Count);
        foreach (var e in touches)
        {
            Assert.True(e.KernelFaults!.IsAvailable, e.KernelFaults.Unavailable);
            Assert.Equal(e.ModelFaults!.Pages, e.KernelFaults.Pages);
            Assert.Equal(Verdict.Agree, result.Comparisons.Single(c => c.Line == e.Line && c.Counter == "fault-pages").Verdict);
        }
        // The parent's 16 demand-zero pages, then the child's 4 copy-on-write pages, once each, on the child's pid.
        Assert.Equal(Enumerable.Range(0, 16), touches[0].KernelFaults!.Pages);
        var childWrite = touches[1];
        Assert.Equal([0, 1, 2, 3], childWrite.KernelFaults!.Pages);
        Assert.Equal(4, childWrite.KernelFaults.Faults.Count);
        Assert.Empty(touches[2].KernelFaults!.Faults);   // already private
        Assert.Empty(touches[3].KernelFaults!.Faults);   // reads of shared pages
        Assert.True(result.Agree);
    }

    [PerfFact]
    public void AFaultAroundStepShowsItsReasonAndThePagesOnBothSides()
    {
        var facts = KernelFacts.Probed();
        var result = Run(Shipped("shared-library"));

        var code = result.Events.First(e => e.Step.Contains("main code all read"));
        var c = result.Comparisons.Single(c => c.Line == code.Line && c.Counter == "fault-pages");
        Assert.Equal([0, 1, 2, 3], code.ModelFaults!.Pages);
        Assert.Contains(0, code.KernelFaults!.Pages);
        if (facts.FaultAroundPages > 1 && code.KernelFaults.Pages.Count < 4)
        {
            // One read fault mapped the file's other pages: usually the kernel faults on page 0 alone, but fault-around
            // skips a page it finds locked at that instant (seen under load: 0 and 3), so any proper subset is its shape.
            Assert.Subset(new HashSet<int>([0, 1, 2, 3]), new HashSet<int>(code.KernelFaults.Pages));
            Assert.Equal(Verdict.DifferExplained, c.Verdict);
            Assert.StartsWith("fault-around:", c.Reason);
        }
        else
        {
            Assert.Equal([0, 1, 2, 3], code.KernelFaults.Pages);
            Assert.Equal(Verdict.Agree, c.Verdict);
        }
        Assert.True(result.Agree);
    }

    [PerfFact]
    public void AReasonOfTheWrongShapeDoesNotExplainTheKernelsPages()
    {
        // Reads of a private file mapping: with fault-around the kernel faults on fewer pages than the model, a shape
        // dirty tracking (which only adds kernel faults) cannot produce, so naming it explains nothing.
        var scenario = ScenarioParser.Parse("""
            demo    wrong-shape
            topic   6 a fault-around difference explained as dirty tracking
            process main
            file    f 4 data
            map     main m 4 file=f private r
            touch   main m all read
            differs fault-pages dirty-tracking a second fault on the first store
            """, "wrong-shape.scenario");

        var result = Run(scenario);

        var c = result.Comparisons.Single(c => c.Counter == "fault-pages");
        Assert.Equal("0-3", c.Model.Value);
        if (KernelFacts.Probed().FaultAroundPages > 1 && c.Kernel.Value != "0-3")
        {
            // Usually "0"; under load fault-around may skip a page it finds locked ("0,3"): fewer pages either way.
            Assert.StartsWith("0", c.Kernel.Value);
            Assert.Equal(Verdict.DifferUnexplained, c.Verdict);
            Assert.Contains("'dirty-tracking' only adds kernel faults", c.Reason);
            Assert.False(result.Agree);
        }
        else
        {
            // No fault-around on this kernel: one fault per page on both sides, nothing to explain.
            Assert.Equal(Verdict.Agree, c.Verdict);
        }
    }

    [PerfFact]
    public void AStoreAfterAReadOfASharedFilePageIsJudgedPageByPageAsDirtyTracking()
    {
        var scenario = ScenarioParser.Parse("""
            demo    dirty-pages
            topic   9 a shared file mapping read, then written
            process main
            file    f 4 data
            map     main m 4 file=f shared rw
            touch   main m all read
            differs fault-pages fault-around one read fault maps the four pages
            differs faults fault-around one read fault maps the four pages
            touch   main m all write value=65
            differs fault-pages dirty-tracking the first store to each page faults again
            differs faults dirty-tracking the first store to each page faults again
            """, "dirty-pages.scenario");

        var result = Run(scenario);

        var write = result.Events.Single(e => e.Step.Contains("write value=65"));
        var c = result.Comparisons.Single(c => c.Line == write.Line && c.Counter == "fault-pages");
        // The model maps a shared page writable on the read: its store faults on nothing.
        Assert.Empty(write.ModelFaults!.Pages);
        Assert.True(write.KernelFaults!.IsAvailable, write.KernelFaults.Unavailable);
        if (write.KernelFaults.Pages.Count == 0)
        {
            Assert.Equal(Verdict.Agree, c.Verdict);   // a kernel that maps the page writable on a read fault
        }
        else
        {
            // Write-notify: each page mapped read-only by the read faults again on its first store.
            Assert.Equal(Verdict.DifferExplained, c.Verdict);
            Assert.StartsWith("dirty-tracking:", c.Reason);
        }
        Assert.True(result.Agree);
    }

    [PerfFact]
    public void PrePagingStepsSayWhatTheKernelCountedAndSampled()
    {
        var result = Run(Shipped("prepaging"));

        var populate = result.Events.Single(e => e.PrePaging == "MAP_POPULATE");
        Assert.Contains(populate.Kernel, k => k.StartsWith("pre-paging (MAP_POPULATE): getrusage counted", StringComparison.Ordinal));
        Assert.All(populate.KernelFaults!.Faults, f => Assert.True(f.PrePaged));
        Assert.Equal("MADV_WILLNEED", result.Events.Single(e => e.Step.Contains("willneed")).PrePaging);
        Assert.True(result.Agree);
    }

    [Fact]
    public void ARefusedRecorderLeavesEveryStepsPagesUncomparedWithTheReason()
    {
        // The seam: recorders that fail to open as perf_event_open does when kernel.perf_event_paranoid refuses.
        const string why = "forced for the test: kernel.perf_event_paranoid refuses";
        var refusing = new ProcessFaultRecorders(
            () => throw SyscallException.For("perf_event_open(page faults of the calling thread)", Errno.EACCES, why),
            pid => throw SyscallException.For($"perf_event_open(page faults of pid {pid})", Errno.EACCES, why));

        var result = Run(Shipped("cow-fork"), refusing);

        var pages = result.Comparisons.Where(c => c.Counter == "fault-pages").ToList();
        Assert.Equal(5, pages.Count);   // four touches and the exec
        Assert.All(pages, c =>
        {
            Assert.Equal(Verdict.NotCompared, c.Verdict);
            Assert.True(c.Model.IsAvailable);
            Assert.False(c.Kernel.IsAvailable);
            Assert.Contains(why, c.Reason);
        });
        // Everything else still ran and still agrees: the faults counts come from getrusage.
        Assert.True(result.Agree);
        Assert.Contains(result.Comparisons, c => c.Counter == "faults" && c.Verdict == Verdict.Agree && c.Kernel.Value == "4");
    }
}
