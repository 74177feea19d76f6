using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Running;

/// <summary>
/// A replay cut into windows of references (<see cref="Scenarios.WorkingSetView"/>): the working-set size after each
/// reference, and the model's faults in each window. The real side counts its own faults per window on the pager.
/// </summary>
public static class ReplayWindows
{
    /// <summary>
    /// W(t, Δ) after each reference t: how many distinct pages the last Δ references (t − Δ, t] touched. This is the
    /// resident set of the model's working-set policy (<see cref="WorkingSetPolicy"/>), computed the same way in O(1)
    /// per reference; its mean and maximum equal that policy's <c>MeanResident</c> and <c>MaxResident</c>.
    /// </summary>
    public static int[] WorkingSetSizes(IReadOnlyList<PageReference> trace, int delta)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, 1);
        var dense = DenseTrace.From(trace);
        int[] ids = dense.Ids;
        var lastRef = new long[dense.Distinct];
        Array.Fill(lastRef, long.MinValue);
        var sizes = new int[ids.Length];
        int size = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int p = ids[i];
            if (lastRef[p] < i - delta) size++;      // not among i − Δ .. i − 1: joins the working set
            lastRef[p] = i;
            long leaving = i - delta;                // the reference now falling out of (i − Δ, i]
            if (leaving >= 0 && lastRef[ids[leaving]] == leaving) size--;
            sizes[i] = size;
        }
        return sizes;
    }

    /// <summary>The model's faults in each window of <paramref name="window"/> references (the last may be shorter), with
    /// the policy and frames of <see cref="TraceSimulator.Run(string, int, IReadOnlyList{PageReference}, ulong, bool)"/>;
    /// they add up to its faults (checked).</summary>
    public static long[] ModelFaults(string policy, int frames, IReadOnlyList<PageReference> trace, int window)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var dense = DenseTrace.From(trace);
        string name = PolicyFactory.Normalize(policy);
        int used = TraceSimulator.UsableFrames(frames, dense);
        int[]? nextUse = name == "opt" ? OptPolicy.NextUses(dense.Ids, dense.Distinct) : null;
        var engine = new ReplacementEngine(PolicyFactory.Create(name, used, PolicyOptions.Default, seed: 1, nextUse), dense);
        var faults = new long[(dense.Length + window - 1) / window];
        for (int i = 0; i < dense.Length; i++)
            if (!engine.Step(dense.Ids[i], dense.Writes[i])) faults[i / window]++;
        long whole = TraceSimulator.Run(name, frames, dense).Faults;
        if (faults.Sum() != whole)
            throw new InvalidOperationException($"the model's faults per window add up to {faults.Sum()}, its whole run has {whole}");
        return faults;
    }

    /// <summary>The <c>window-faults</c> counter's value: the faults of each window, separated by spaces ("8 0 0 20").</summary>
    public static string Format(IEnumerable<long> faults) => string.Join(' ', faults);
}
