namespace MmapToolkit.Observers;

/// <summary>
/// A process's memory at one moment: every mapping with its smaps figures, the kernel's own totals
/// (smaps_rollup), and — as root — how many of its present pages share their frame with another mapping.
/// This is what <c>mmaptk inspect</c> shows.
/// </summary>
/// <param name="Pid">The process.</param>
/// <param name="Command">Its name (<c>/proc/&lt;pid&gt;/comm</c>).</param>
/// <param name="Mappings">Every mapping, in address order.</param>
/// <param name="Totals">From smaps_rollup: exact, where the per-mapping Pss figures are each rounded down to a KiB.</param>
/// <param name="Sharing">Present pages and those whose frame has kpagecount ≥ 2; null when not root.</param>
/// <param name="SharingUnavailableReason">Why <paramref name="Sharing"/> is null.</param>
public sealed record ProcessMemory(int Pid, string Command, IReadOnlyList<SmapsMapping> Mappings, SmapsFigures Totals,
                                   FrameSharing? Sharing, string? SharingUnavailableReason)
{
    /// <summary>Reads process <paramref name="pid"/>. Throws <see cref="ProcessNotFoundException"/> when there is none.</summary>
    public static ProcessMemory Inspect(int pid)
    {
        var mappings = Smaps.Read(pid);
        var totals = Smaps.ReadRollup(pid);
        string command = Smaps.ReadProcText(pid, "comm").Trim();

        FrameSharing? sharing = null;
        string? reason = PhysicalPages.UnavailableReason ?? (PageMap.PfnsVisible ? null : new RootRequiredException("page frame numbers in pagemap").Message);
        if (reason is null)
        {
            using var map = PageMap.Open(pid);
            var sum = new FrameSharing();
            long pageSize = Environment.SystemPageSize;
            foreach (var m in mappings)
            {
                // Only mappings with resident pages: the runtime reserves hundreds of GiB it never touches.
                if (m.Figures.RssKb == 0 || m.Name == "[vsyscall]") continue;
                sum += FrameSharing.Of(map, (nint)m.Start, (long)(m.Length / (ulong)pageSize));
            }
            sharing = sum;
        }
        return new ProcessMemory(pid, command, mappings, totals, sharing, reason);
    }
}
