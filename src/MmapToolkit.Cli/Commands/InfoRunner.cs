using MmapToolkit.Profile;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk info</c>, parsed.</summary>
internal sealed record InfoRequest(bool Json);

/// <summary>What <c>mmaptk info</c> does: probes (once) and prints the kernel profile.</summary>
internal static class InfoRunner
{
    public static int Execute(InfoRequest request, CommandOutput output)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("mmaptk info probes a Linux kernel; this is not Linux");
        var p = KernelProfile.Current;
        if (request.Json) output.WriteJson(Json(p));
        else Write(p, output);
        return 0;
    }

    /// <summary>Exactly the profile's keys; <c>userfaultfd</c> an object.</summary>
    internal static object Json(KernelProfile p) => new
    {
        p.ZeroPageOnRead,
        p.FaultAroundPages,
        p.ThpEnabled,
        p.Mthp,
        Userfaultfd = new { p.Userfaultfd.Available, p.Userfaultfd.How, p.Userfaultfd.Features, p.Userfaultfd.Reason },
        p.KpagecountReadable,
        p.PageSize,
        p.KernelRelease,
        p.SwapTotalKb,
        p.MaxMapCount,
        p.LibcPath,
    };

    private static void Write(KernelProfile p, CommandOutput output)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("fact", "here", "what it changes");
        void Row(string fact, string value, string effect) => table.AddRow(Markup.Escape(fact), Markup.Escape(value), Markup.Escape(effect));
        Row("kernel_release", p.KernelRelease, "shown with every figure; nothing is inferred from it");
        Row("page_size", $"{p.PageSize} B", "the unit of every page count, on the model's side too");
        Row("zero_page_on_read", p.ZeroPageOnRead ? "yes" : "no",
            p.ZeroPageOnRead
                ? "a read of fresh anonymous memory maps the shared zero page: no frame until the first write, which faults again; the model does the same"
                : "a read of fresh anonymous memory gets a zeroed frame of its own: the later write does not fault; the model does the same");
        Row("fault_around_pages", p.FaultAroundPages.ToString(),
            (p.FaultAroundPages > 1
                ? $"one read fault on a cached file maps up to {p.FaultAroundPages} pages; demos touch one page per window and explain the extra resident pages"
                : "no fault-around: one read fault maps one page, as in the model")
            + (FaultAroundProbe.ShmemForcesLargeFolios ? " (shmem_enabled is force: this is the size of a large folio, an upper bound of the window)" : ""));
        string mthp = p.Mthp.Count == 0 ? "none" : string.Join(", ", p.Mthp.Select(kv => $"{kv.Key} {kv.Value}"));
        Row("thp_enabled", p.ThpEnabled, "the demos advise NOHUGEPAGE on anonymous regions so faults stay one per page; 'thp' reasons apply only when huge pages can be used");
        Row("mthp", mthp, p.LargeAnonymousPages ? "large anonymous folios are possible where a size is enabled" : "no size of large anonymous page is enabled");
        var u = p.Userfaultfd;
        Row("userfaultfd", u.Available ? $"yes, via {u.How}; features {string.Join(" ", u.Features)}" : $"no: {u.Reason}",
            u.Available ? "pager cost measures the userfaultfd rows" : "pager cost shows the userfaultfd rows as n/a with this reason");
        Row("kpagecount_readable", p.KpagecountReadable ? "yes" : "no",
            p.KpagecountReadable ? "share counts and PFNs are shown and compared" : "share counts and PFNs are shown as n/a (they need CAP_SYS_ADMIN)");
        Row("swap_total_kb", p.SwapTotalKb.ToString(), "the kernel's own swap; the pager always uses a swap file of its own");
        Row("max_map_count", p.MaxMapCount.ToString(), "caps the pager's resident frames (one VMA each) and the VMAs a demo may split");
        Row("libc_path", p.LibcPath ?? "none", "the libc demo maps this file, with the layout this process has");
        output.Console.Write(table);
        output.Out.WriteLine($"native ABI {NativeLibrary.AbiVersion}; probed in {KernelProfile.LastProbeTime.TotalMilliseconds:F0} ms");
    }
}
