namespace MmapToolkit.Model.Replacement;

/// <summary>
/// The working-set policy (Denning, "The Working Set Model for Program Behavior", CACM 11(5), 1968). Time counts
/// references; W(t, τ) is the set of pages referenced in the last τ references, (t − τ, t]. The resident set after
/// reference t is exactly W(t, τ): a reference faults when its page is not in W(t − 1, τ), and a page leaves the
/// moment τ references pass without it. No frame count: memory is what the working set needs. O(1) per reference (the
/// page referenced τ references ago is the only one that can leave).
/// </summary>
public static class WorkingSetPolicy
{
    public static VariableAllocationResult Run(DenseTrace trace, long tau)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(tau, 1);
        int[] ids = trace.Ids;
        var lastRef = new long[trace.Distinct];
        Array.Fill(lastRef, long.MinValue);
        long faults = 0, sum = 0;
        int resident = 0, max = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int p = ids[i];
            // In W(i − 1, τ) means referenced at one of i − τ .. i − 1.
            if (lastRef[p] < i - tau) { faults++; resident++; }
            lastRef[p] = i;
            long leaving = i - tau;   // the reference now falling out of the window (i − τ, i]
            if (leaving >= 0 && lastRef[ids[leaving]] == leaving) resident--;
            sum += resident;
            if (resident > max) max = resident;
        }
        long n = ids.Length;
        return new VariableAllocationResult("ws", $"tau {tau}", 0, n, faults, n - faults, n == 0 ? 0 : (double)sum / n, max);
    }
}
