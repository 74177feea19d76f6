using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;

namespace MmapToolkit.Demos.Running;

/// <summary>One loop of the cliff: <see cref="Faults"/> in <see cref="References"/> references over
/// <see cref="WorkingSet"/> pages.</summary>
public sealed record CliffPoint(int WorkingSet, long References, long Faults)
{
    public double FaultsPerReference => References == 0 ? 0 : (double)Faults / References;
}

/// <summary>One policy's cliff, on the model or on the real pager.</summary>
public sealed record CliffSeries(string Policy, bool Real, IReadOnlyList<CliffPoint> Points);

/// <summary>
/// The thrashing cliff (<c>demo thrashing --chart</c>): faults per reference of a loop over W pages, repeated
/// <see cref="Passes"/> times, for W = 1 .. 2 × <see cref="Frames"/>, with each policy of the demo's replays. Up to W =
/// frames a loop takes only its W cold misses; past it LRU (and CLOCK, which approximates it) evicts the page needed
/// next and nearly every reference faults. Measured on the model and, where it runs, on the real user-level pager (the
/// SIGSEGV backend, as the demo's replays).
/// </summary>
/// <param name="RealUnavailable">Why <see cref="Real"/> is empty.</param>
public sealed record ThrashingCliff(int Frames, int Passes, IReadOnlyList<CliffSeries> Model, IReadOnlyList<CliffSeries> Real,
                                    string? RealUnavailable)
{
    /// <summary>Passes of each loop: as many as the demo's own loops make.</summary>
    public const int DefaultPasses = 20;

    /// <summary>The policy drawn beside the demo's own for contrast: OPT, the fewest faults any policy can take, has no
    /// cliff (past the frames its faults rise gradually).</summary>
    public const string Contrast = "opt";

    /// <summary>The cliff for a scenario's replays: its policies (in order, each once) and <see cref="Contrast"/>, with the
    /// first replay's frames.</summary>
    /// <param name="realUnavailable">Why the real pager is not run (<see cref="DemoSession.RealKernelUnavailable"/>), or null to run it.</param>
    public static ThrashingCliff For(Scenario scenario, string? realUnavailable)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var replays = scenario.Steps.OfType<ReplayStep>().ToList();
        if (replays.Count == 0) throw new ArgumentException($"demo '{scenario.Name}' has no replay to draw a cliff for");
        return Measure(replays[0].Frames, DefaultPasses, replays.Select(r => r.Policy).Append(Contrast).Distinct().ToList(), realUnavailable);
    }

    public static ThrashingCliff Measure(int frames, int passes, IReadOnlyList<string> policies, string? realUnavailable)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentNullException.ThrowIfNull(policies);
        var loops = Enumerable.Range(1, 2 * frames).Select(w => (W: w, Trace: Loop(w, passes))).ToList();
        var model = policies.Select(p => new CliffSeries(p, false,
            loops.Select(l => new CliffPoint(l.W, l.Trace.Count, TraceSimulator.Run(p, frames, l.Trace).Faults)).ToList())).ToList();
        var real = new List<CliffSeries>();
        if (realUnavailable is null)
        {
            try
            {
                foreach (string p in policies)
                    if (Enum.TryParse<PagerPolicy>(p, ignoreCase: true, out var policy))
                        real.Add(new CliffSeries(p, true, loops.Select(l => new CliffPoint(l.W, l.Trace.Count, OnPager(policy, frames, l.Trace))).ToList()));
                if (real.Count == 0) realUnavailable = $"the user-level pager has none of these policies ({string.Join(", ", policies)})";
            }
            catch (Exception e) when (e is PagerException or SyscallException)
            {
                real.Clear();
                realUnavailable = $"the user-level pager failed: {e.Message}";
            }
        }
        return new ThrashingCliff(frames, passes, model, real, realUnavailable);
    }

    /// <summary>Real points equal to the model's point for the same policy and W, and real points in all.</summary>
    public (int Equal, int Compared) Agreement()
    {
        int equal = 0, compared = 0;
        foreach (var r in Real)
        {
            var m = Model.First(s => s.Policy == r.Policy);
            for (int i = 0; i < r.Points.Count; i++, compared++)
                if (r.Points[i].Faults == m.Points[i].Faults) equal++;
        }
        return (equal, compared);
    }

    private static List<PageReference> Loop(int pages, int passes) =>
        Enumerable.Range(0, passes).SelectMany(_ => Enumerable.Range(0, pages)).Select(p => new PageReference(p, false)).ToList();

    // As the demo's real replays: a region at least as large as the frame pool, the notes' SIGSEGV handler.
    private static long OnPager(PagerPolicy policy, int frames, List<PageReference> trace)
    {
        long pages = Math.Max(trace.Max(r => r.Page) + 1, frames);
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = frames, Policy = policy, Backend = PagerBackend.Sigsegv });
        return PagerReplay.Run(pager, trace.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToList()).Faults;
    }
}
