using System.Globalization;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Commands;

/// <summary>What <c>mmaptk sim</c> does with a request.</summary>
internal enum SimMode { Single, Range, Mrc, Belady, Subset, Variable }

/// <summary>
/// A sim request checked and ready to run: the mode, the policies by their normalized names, the trace loaded, the
/// frame counts, and the size of the work (already within the limits). Made by <see cref="SimRunner.Prepare"/>.
/// </summary>
/// <param name="Frames">Single and Range: the counts; Mrc: the counts asked for (null: 1..distinct pages).</param>
/// <param name="MaxFrames">Belady and Subset: the N of 1..N compared; Variable: wsclock's pool (0 for ws and pff).</param>
/// <param name="Compared">Belady on a trace: the frame counts run; Subset on a trace: the pairs (k, k+1) compared.</param>
/// <param name="Work">References the run simulates in all (for the progress bar; checked against the limit).</param>
/// <param name="Chart">Where --chart writes, or null.</param>
/// <param name="Parameters">The policies' parameters (--kin, --tau, ...), checked.</param>
internal sealed record SimPlan(SimRequest Request, SimMode Mode, IReadOnlyList<string> Policies, LoadedTrace? Loaded,
                               FrameRange? Frames = null, int MaxFrames = 0, int Compared = 0, long Work = 0, ChartFile? Chart = null,
                               PolicyOptions? Parameters = null)
{
    public PolicyOptions Parameters { get; init; } = Parameters ?? PolicyOptions.Default;

    public string Policy => Policies[0];

    public DenseTrace? Trace => Loaded?.Trace;

    /// <summary>Mrc from a file: the curve, counted as the file was read (then <see cref="Loaded"/> is null).</summary>
    public LoadedCurve? Curve { get; init; }

    /// <summary>The file's format and why ("loop.trace: plain (detected from its content)"), or null without a file.</summary>
    public string? ReadAs => Loaded?.Describe() ?? Curve?.Describe();
}

/// <summary>sim's prepare step: everything the user can get wrong is refused here, before any simulation runs (the
/// flags that do not go together, frame ranges, policy names, the trace, and the work's size).</summary>
internal static partial class SimRunner
{
    /// <summary>Checks <paramref name="request"/> and loads its trace; throws ArgumentException (exit 2) for input the
    /// user can fix, FormatException for a trace that does not parse.</summary>
    /// <param name="standardInput">What --trace-file - reads (tests pass their own); null: the process's standard input.</param>
    public static SimPlan Prepare(SimRequest request, WorkProgress? progress = null, Stream? standardInput = null)
    {
        var chart = CheckOutputOptions(request);   // before the trace is read: a bad --chart name costs nothing
        var policies = ParsePolicies(request.Policy);
        var parameters = CheckPolicyParameters(request, policies);
        var plan = PrepareWork(request, policies, progress ?? WorkProgress.None, standardInput) with { Chart = chart, Parameters = parameters };
        CheckOutputsFit(plan);
        return plan;
    }

    private static SimPlan PrepareWork(SimRequest request, List<string> policies, WorkProgress progress, Stream? standardInput)
    {
        string policy = policies[0];
        int modes = (request.Belady ? 1 : 0) + (request.Subset ? 1 : 0) + (request.Mrc ? 1 : 0);
        if (modes > 1) throw new ArgumentException("give only one of --belady, --subset and --mrc");
        CheckSampleOptions(request);
        if (request.Table && modes > 0) throw new ArgumentException("--table goes with a plain run (--frames N), not with --belady, --subset or --mrc");
        if (request is { Mrc: true, TraceFile: { } path, Trace: null, Sample: null, SamplePages: null } && policies is ["lru"])
        {
            // The exact curve of a file: counted as the file is read, the trace never held.
            var read = TraceInput.LoadCurve(path, request.ReadOptions, progress, standardInput);
            if (read.Curve.References == 0) throw new ArgumentException($"{read.Source}: the trace has no references");
            return new SimPlan(request, SimMode.Mrc, policies, null, request.Frames is not null ? ParseFrames(request.Frames) : null) { Curve = read };
        }
        var loaded = LoadTrace(request, required: !(request.Belady || request.Subset), progress, standardInput);
        var dense = loaded?.Trace;
        if (policies.Count > 1 && (request.Belady || request.Subset || request.Table || request.Mrc))
            throw new ArgumentException($"--policy {request.Policy}: --belady, --subset, --table and --mrc take one policy");
        if (request.Mrc && policy != "lru")
            throw new ArgumentException($"--mrc is LRU's curve from one pass (LRU has the stack property; {policy} may not): for {policy}, "
                                      + $"--policy {policy} --frames A..B simulates each frame count (in parallel)");
        if (request.Belady)
        {
            int maxFrames = ComparedFrames("--belady", request, dense, defaultFrames: 5);
            if (dense is null) return new SimPlan(request, SimMode.Belady, policies, loaded, MaxFrames: maxFrames);
            int counts = BeladyAnomalyFinder.FrameCountsToCompare(maxFrames, dense);
            long work = CheckWork($"--belady --frames {maxFrames}", counts, dense);
            return new SimPlan(request, SimMode.Belady, policies, loaded, MaxFrames: maxFrames, Compared: counts, Work: work);
        }
        if (request.Subset)
        {
            int maxFrames = ComparedFrames("--subset", request, dense, defaultFrames: 4);
            if (dense is null) return new SimPlan(request, SimMode.Subset, policies, loaded, MaxFrames: maxFrames);
            int pairs = TraceSimulator.UsableFrames(maxFrames, dense) - 1;
            long work = CheckWork($"--subset --frames {maxFrames}", 2L * pairs, dense);   // two memories per pair
            return new SimPlan(request, SimMode.Subset, policies, loaded, MaxFrames: maxFrames, Compared: pairs, Work: work);
        }
        if (dense!.Length == 0) throw new ArgumentException($"{loaded!.Source}: the trace has no references");
        if (request.Mrc)
        {
            CheckSampleTakesAPage(request, dense);
            return new SimPlan(request, SimMode.Mrc, policies, loaded, request.Frames is not null ? ParseFrames(request.Frames) : null);
        }
        if (VariableAllocation.IsVariable(policy))
            return new SimPlan(request, SimMode.Variable, policies, loaded, MaxFrames: VariablePool(request, policy), Work: dense.Length);
        var frames = ParseFrames(request.Frames ?? throw new ArgumentException("--frames is required (a count N or a range A..B[/step])"));
        if (frames.Count == 1 && policies.Count == 1)
        {
            if (request.Table && (long)frames.Low * dense.Length > MaxTableCells)
                throw new ArgumentException($"--table with {frames.Low} frames x {dense.Length} references is too large to print (limit {MaxTableCells} cells)");
            return new SimPlan(request, SimMode.Single, policies, loaded, frames, Work: dense.Length);
        }
        if (request.Table) throw new ArgumentException("--table needs a single frame count, not a range");
        long runs = (long)SimulatedCounts(frames, dense).Length * policies.Count;
        return new SimPlan(request, SimMode.Range, policies, loaded, frames,
                           Work: CheckWork($"--policy {request.Policy} --frames {request.Frames}", runs, dense));
    }

    /// <summary>The frame counts a range really simulates: those below the trace's distinct pages, and the distinct-page
    /// count once for all the larger ones (they give the same result).</summary>
    internal static int[] SimulatedCounts(FrameRange frames, DenseTrace dense)
        => frames.Values().Where(k => k < dense.Distinct).Append(Math.Max(1, dense.Distinct)).Distinct().ToArray();

    /// <summary>The N of --frames for --belady and --subset (they compare 1..N frames), within the caps.</summary>
    private static int ComparedFrames(string mode, SimRequest request, DenseTrace? trace, int defaultFrames)
    {
        int maxFrames = request.Frames is null ? defaultFrames : ParseFrames(request.Frames).High;
        if (request.Frames is not null && ParseFrames(request.Frames).Step != 1)
            throw new ArgumentException($"{mode} compares every frame count 1..N: give --frames N, not a step");
        if (maxFrames < 2) throw new ArgumentException($"{mode} needs at least 2 frames to compare (got --frames {request.Frames})");
        if (trace is null && maxFrames > SearchPages)
            throw new ArgumentException($"{mode} without a trace searches strings over {SearchPages} pages, where more than {SearchPages} frames "
                                      + $"never evict: --frames may be at most {SearchPages} (got {maxFrames}); give --trace or --trace-file to compare more");
        if (maxFrames > MaxFrameCounts)
            throw new ArgumentException($"{mode} compares 1..N frames: --frames may be at most {MaxFrameCounts} (got {maxFrames})");
        return maxFrames;
    }

    /// <summary>Refuses work past <see cref="MaxSimulatedReferences"/>, before any of it runs; returns the work.</summary>
    private static long CheckWork(string what, long runs, DenseTrace dense)
    {
        long work = runs * dense.Length;
        if (work > MaxSimulatedReferences)
            throw new ArgumentException($"{what} on {dense.Length:N0} references ({dense.Distinct:N0} distinct pages) means simulating "
                                      + $"{work:N0} references; the limit is {MaxSimulatedReferences:N0}: compare fewer frame counts or "
                                      + "use a shorter trace (for LRU, --mrc gives every frame count in one pass)");
        return work;
    }

    private static LoadedTrace? LoadTrace(SimRequest request, bool required, WorkProgress progress, Stream? standardInput)
    {
        if (request.Trace is not null && request.TraceFile is not null) throw new ArgumentException("give only one of --trace and --trace-file");
        var options = request.ReadOptions;
        if (request.Trace is not null) return TraceInput.FromText(request.Trace, options);
        if (request.TraceFile is { } path) return TraceInput.Load(path, options, progress, standardInput);
        if (required) throw new ArgumentException("give a reference string with --trace \"0 1 2 ...\" or --trace-file F (- for standard input)");
        return null;
    }

    /// <summary>"N", "A..B" or "A..B/step" (1 ≤ A ≤ B, at most <see cref="MaxFrameCounts"/> counts).</summary>
    internal static FrameRange ParseFrames(string text)
    {
        string range = text;
        int step = 1;
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            range = text[..slash];
            if (!int.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                throw new ArgumentException($"--frames {text}: the step after '/' must be a whole number from 1 to {int.MaxValue}");
        }
        string[] parts = range.Split("..");
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1))
        {
            int low = int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
            int high = int.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture);
            if (low > high) throw new ArgumentException($"--frames {text}: the range is empty ({low} > {high})");
            if (parts.Length == 1 && slash >= 0) throw new ArgumentException($"--frames {text}: a step goes with a range A..B/step");
            var frames = new FrameRange(low, high, step);
            if (frames.Count > MaxFrameCounts) throw new ArgumentException($"--frames {text}: at most {MaxFrameCounts} frame counts at once");
            return frames;
        }
        throw new ArgumentException($"--frames expects a frame count N from 1 to {int.MaxValue}, a range A..B or A..B/step, got '{text}'");
    }

}
