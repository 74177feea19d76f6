using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// The working-set view (<c>working-set DELTA WINDOW</c>) and the thrashing cliff, on the model: W(t, Δ) against a
/// brute-force count and the model's working-set policy, the faults per window against prefix runs of the simulator, the
/// thrashing demo's windows against figures worked out by hand, and the header's checks.
/// </summary>
public class WorkingSetViewTests
{
    private const string Header = "demo t\ntopic 16 test\n";

    private static List<PageReference> Random(int seed, int length, int pages)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => new PageReference(rng.Next(pages), rng.Next(4) == 0)).ToList();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 10)]
    [InlineData(4, 400)]
    public void The_working_set_size_is_the_distinct_pages_of_the_last_delta_references(int seed, int delta)
    {
        var trace = Random(seed, 300, 12);
        int[] sizes = ReplayWindows.WorkingSetSizes(trace, delta);
        for (int t = 0; t < trace.Count; t++)
        {
            int brute = trace.Skip(Math.Max(0, t - delta + 1)).Take(Math.Min(delta, t + 1)).Select(r => r.Page).Distinct().Count();
            Assert.True(brute == sizes[t], $"t = {t}: {sizes[t]}, by counting {brute}");
        }
        // The same resident set as the model's working-set policy: its mean and maximum.
        var ws = WorkingSetPolicy.Run(DenseTrace.From(trace), delta);
        Assert.Equal(ws.MaxResident, sizes.Max());
        Assert.Equal(ws.MeanResident, sizes.Average(), 9);
    }

    [Theory]
    [InlineData("lru", 3, 7)]
    [InlineData("fifo", 4, 20)]
    [InlineData("clock", 2, 1)]
    [InlineData("opt", 5, 33)]
    [InlineData("random", 3, 16)]
    public void The_faults_per_window_are_the_differences_of_prefix_runs(string policy, int frames, int window)
    {
        var trace = Random(frames * 31 + window, 250, 9);
        long[] perWindow = ReplayWindows.ModelFaults(policy, frames, trace, window);
        Assert.Equal((trace.Count + window - 1) / window, perWindow.Length);
        // OPT looks ahead, so a prefix run is not the same run: compare it with the whole run only.
        if (policy == "opt")
        {
            Assert.Equal(TraceSimulator.Run(policy, frames, trace).Faults, perWindow.Sum());
            return;
        }
        long before = 0;
        for (int w = 0; w < perWindow.Length; w++)
        {
            long upTo = TraceSimulator.Run(policy, frames, trace.Take(Math.Min(trace.Count, (w + 1) * window)).ToList()).Faults;
            Assert.True(upTo - before == perWindow[w], $"window {w}: {perWindow[w]}, by prefix runs {upTo - before}");
            before = upTo;
        }
    }

    [Fact]
    public void The_thrashing_demo_shows_the_working_set_and_the_faults_window_by_window()
    {
        var scenario = DemoCatalog.Find("thrashing");
        Assert.Equal(new WorkingSetView(10, 20), scenario.WorkingSet);
        using var model = new ModelScenarioKernel(scenario, 4096, checkInvariants: true);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");
        var views = result.Events.Where(e => e.WorkingSet is not null).Select(e => e.WorkingSet!).ToList();
        Assert.Equal(5, views.Count);
        Assert.All(views, v => Assert.Equal("model only", v.KernelUnavailable));
        Assert.All(views.SelectMany(v => v.Windows), w => Assert.Null(w.KernelFaults));

        // A loop over 6 pages: 6 cold misses in the first 20 references, then none; W(t, 10) = 6 throughout.
        Assert.Equal([6, 0, 0, 0, 0, 0], views[0].Windows.Select(w => w.ModelFaults));
        Assert.All(views[0].Windows, w => Assert.Equal(6, w.WorkingSet));
        // A loop over 9 pages with 8 frames: every reference faults, W(t, 10) = 9 > 8.
        Assert.All(views[2].Windows, w => Assert.Equal((9, 20L, 1.0), (w.WorkingSet, w.ModelFaults, w.ModelFaultRate)));

        // 0..5 x10 (refs 1-60), 0..8 x10 (61-150), 0..5 x10 (151-210), LRU, 8 frames, worked by hand: refs 61-66 hit,
        // 67-68 fill the free frames, 69 evicts page 0, and from 70 on each page was evicted just before it is needed:
        // 3 + 11 faults in 61-80, 20 in each window to 140, 10 in 141-150. Then 151-156 (pages 0-5) miss once each, as
        // pages 1-8 were resident: 16 in 141-160, and none after.
        var phases = views[4];
        Assert.Equal([6, 0, 0, 14, 20, 20, 20, 16, 0, 0, 0], phases.Windows.Select(w => w.ModelFaults));
        Assert.Equal([6, 6, 6, 9, 9, 9, 9, 6, 6, 6, 6], phases.Windows.Select(w => w.WorkingSet));
        Assert.Equal((201, 210, 10), (phases.Windows[^1].First, phases.Windows[^1].Last, phases.Windows[^1].References));
        // The window-faults counter is the same list, and adds up to the replay's faults.
        var counter = result.Comparisons.Single(c => c.Line == result.Events[^1].Line && c.Counter == "window-faults");
        Assert.Equal("6 0 0 14 20 20 20 16 0 0 0", counter.Model.Value);
        Assert.Equal("96", result.Comparisons.Single(c => c.Line == result.Events[^1].Line && c.Counter == "faults").Model.Value);
    }

    [Fact]
    public void Without_the_header_a_replay_has_no_window_view()
    {
        var scenario = DemoCatalog.Find("replacement");
        using var model = new ModelScenarioKernel(scenario, 4096);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");
        Assert.All(result.Events, e => Assert.Null(e.WorkingSet));
        Assert.DoesNotContain(result.Comparisons, c => c.Counter == "window-faults");
    }

    [Theory]
    [InlineData("working-set 10\nreplay lru 2 0 1\n", 3, "working-set DELTA WINDOW")]
    [InlineData("working-set 0 5\nreplay lru 2 0 1\n", 3, "working-set window Δ")]
    [InlineData("working-set 5 x\nreplay lru 2 0 1\n", 3, "view window")]
    [InlineData("working-set 5 5\nworking-set 5 5\nreplay lru 2 0 1\n", 4, "already given on line 3")]
    [InlineData("working-set 5 5\nprocess m\nmap m r 1 anon private rw\n", 3, "has no 'replay'")]
    [InlineData("replay lru 2 0..99\nworking-set 5 2\n", 4, "the replay on line 3 has 100 references: 50 windows of 2, at most 32; make the window at least 4")]
    public void The_header_is_checked(string body, int line, string expected)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(Header + body, "t.scenario"));
        Assert.Contains(expected, e.Message);
        Assert.Contains($"t.scenario:{line}", e.Message);
    }

    [Fact]
    public void The_cliff_on_the_model_is_flat_up_to_the_frames_then_every_reference_faults_for_lru()
    {
        var cliff = ThrashingCliff.For(DemoCatalog.Find("thrashing"), realUnavailable: "not here");
        Assert.Equal((8, 20), (cliff.Frames, cliff.Passes));
        Assert.Equal(["lru", "clock", "opt"], cliff.Model.Select(s => s.Policy));
        Assert.Empty(cliff.Real);
        var lru = cliff.Model[0].Points;
        Assert.Equal(Enumerable.Range(1, 16), lru.Select(p => p.WorkingSet));
        // W <= 8: the W cold misses of 20 * W references; W > 8: all of them.
        Assert.All(lru.Where(p => p.WorkingSet <= 8), p => Assert.Equal((p.WorkingSet, 20L * p.WorkingSet), (p.Faults, p.References)));
        Assert.All(lru.Where(p => p.WorkingSet > 8), p => Assert.Equal(p.References, p.Faults));
        // OPT has no cliff: one page more than the frames costs it far less than every reference.
        var opt = cliff.Model[2].Points.Single(p => p.WorkingSet == 9);
        Assert.InRange(opt.FaultsPerReference, 0.05, 0.5);
    }
}
