using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Running;

/// <summary>One window of a replay in the working-set view.</summary>
/// <param name="First">The window's first reference, counting from 1.</param>
/// <param name="Last">Its last reference.</param>
/// <param name="WorkingSet">W(t, Δ) at t = <paramref name="Last"/>: the distinct pages of the last Δ references.</param>
/// <param name="MaxWorkingSet">The largest W(t, Δ) for t in the window.</param>
/// <param name="ModelFaults">The model's faults in the window.</param>
/// <param name="KernelFaults">The real pager's faults in the window; null when not counted (see
/// <see cref="WorkingSetWindows.KernelUnavailable"/>).</param>
public sealed record WorkingSetWindow(int First, int Last, int WorkingSet, int MaxWorkingSet, long ModelFaults, long? KernelFaults)
{
    public int References => Last - First + 1;

    /// <summary>The model's faults per reference in the window.</summary>
    public double ModelFaultRate => (double)ModelFaults / References;

    /// <summary>The real pager's faults per reference in the window, when counted.</summary>
    public double? KernelFaultRate => KernelFaults is { } k ? (double)k / References : null;
}

/// <summary>
/// The working-set view of one replay (a scenario's <c>working-set DELTA WINDOW</c>): window by window, the working-set
/// size W(t, Δ) beside each side's faults, with the replay's fixed frame count. Where W exceeds the frames, a policy
/// with that many frames cannot hold what the loop needs: the fault rate climbs (thrashing).
/// </summary>
public sealed record WorkingSetWindows(string Policy, int Frames, int Delta, int Window, IReadOnlyList<WorkingSetWindow> Windows,
                                       string? KernelUnavailable)
{
    /// <param name="step">The replay.</param>
    /// <param name="view">The scenario's view.</param>
    /// <param name="model">The model's faults per window.</param>
    /// <param name="kernel">The real side's faults per window, or null.</param>
    /// <param name="kernelUnavailable">Why <paramref name="kernel"/> is null.</param>
    public static WorkingSetWindows Of(ReplayStep step, WorkingSetView view, IReadOnlyList<long> model, IReadOnlyList<long>? kernel,
                                       string? kernelUnavailable)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(model);
        int[] sizes = ReplayWindows.WorkingSetSizes(step.Trace, view.Delta);
        int count = view.WindowsOf(sizes.Length);
        if (model.Count != count || (kernel is not null && kernel.Count != count))
            throw new ArgumentException($"{count} windows, but the model counted {model.Count} and the kernel side {kernel?.Count}");
        var windows = new List<WorkingSetWindow>(count);
        for (int w = 0; w < count; w++)
        {
            int first = w * view.Window, last = Math.Min(sizes.Length, first + view.Window) - 1;
            windows.Add(new WorkingSetWindow(first + 1, last + 1, sizes[last], sizes[first..(last + 1)].Max(), model[w], kernel?[w]));
        }
        return new WorkingSetWindows(step.Policy, step.Frames, view.Delta, view.Window, windows,
                                     kernel is null ? kernelUnavailable ?? "not counted" : null);
    }
}
