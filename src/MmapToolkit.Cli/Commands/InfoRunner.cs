using MmapToolkit.Profile;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk info</c>, parsed.</summary>
internal sealed record InfoRequest(bool Json, bool Csv = false)
{
    public InfoRequest Validate() => Json && Csv ? throw new ArgumentException("give only one of --json and --csv") : this;
}

/// <summary>What <c>mmaptk info</c> does: probes (once) and prints the kernel profile.</summary>
internal static class InfoRunner
{
    public static int Execute(InfoRequest request, CommandOutput output)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("mmaptk info probes a Linux kernel; this is not Linux");
        var p = KernelProfile.Current;
        if (request.Json) output.WriteJson(Json(p));
        else if (request.Csv) CsvOutput.Write(output.Out, ["fact", "value", "detail", "what_it_changes"], Facts(p).Select(f => (IReadOnlyList<object?>)[f.Key, f.Value, f.Detail, f.Effect]));
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

    /// <summary>A row of the table: the fact's key (as in --json), its value (a number, a boolean or text; null when
    /// there is none), what the value alone does not say (userfaultfd's way in and features, or why it is missing), and
    /// what it changes.</summary>
    internal sealed record Fact(string Key, object? Value, string? Detail, string Effect);

    /// <summary>The table's rows, for the text (formatted there) and --csv (as they are).</summary>
    internal static IReadOnlyList<Fact> Facts(KernelProfile p)
    {
        var u = p.Userfaultfd;
        return
        [
            new("kernel_release", p.KernelRelease, null, "shown with every figure; nothing is inferred from it"),
            new("page_size", p.PageSize, null, "the unit of every page count, on the model's side too"),
            new("zero_page_on_read", p.ZeroPageOnRead, null,
                p.ZeroPageOnRead
                    ? "a read of fresh anonymous memory maps the shared zero page: no frame until the first write, which faults again; the model does the same"
                    : "a read of fresh anonymous memory gets a zeroed frame of its own: the later write does not fault; the model does the same"),
            new("fault_around_pages", p.FaultAroundPages, null,
                (p.FaultAroundPages > 1
                    ? $"one read fault on a cached file maps up to {p.FaultAroundPages} pages; demos touch one page per window and explain the extra resident pages"
                    : "no fault-around: one read fault maps one page, as in the model")
                + (FaultAroundProbe.ShmemForcesLargeFolios ? " (shmem_enabled is force: this is the size of a large folio, an upper bound of the window)" : "")),
            new("thp_enabled", p.ThpEnabled, null, "the demos advise NOHUGEPAGE on anonymous regions so faults stay one per page; 'thp' reasons apply only when huge pages can be used"),
            new("mthp", p.Mthp.Count == 0 ? "none" : string.Join(", ", p.Mthp.Select(kv => $"{kv.Key} {kv.Value}")), null,
                p.LargeAnonymousPages ? "large anonymous folios are possible where a size is enabled" : "no size of large anonymous page is enabled"),
            new("userfaultfd", u.Available, u.Available ? $"via {u.How}; features {string.Join(" ", u.Features)}" : u.Reason,
                u.Available ? "pager cost measures the userfaultfd rows" : "pager cost shows the userfaultfd rows as n/a with this reason"),
            new("kpagecount_readable", p.KpagecountReadable, null,
                p.KpagecountReadable ? "share counts and PFNs are shown and compared" : "share counts and PFNs are shown as n/a (they need CAP_SYS_ADMIN)"),
            new("swap_total_kb", p.SwapTotalKb, null, "the kernel's own swap; the pager always uses a swap file of its own"),
            new("max_map_count", p.MaxMapCount, null, "caps the pager's resident frames (one VMA each) and the VMAs a demo may split"),
            new("libc_path", p.LibcPath, null, "the libc demo maps this file, with the layout this process has"),
        ];
    }

    private static void Write(KernelProfile p, CommandOutput output)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("fact", "here", "what it changes");
        foreach (var f in Facts(p)) table.AddRow(Markup.Escape(f.Key), Markup.Escape(Here(f)), Markup.Escape(f.Effect));
        output.Console.Write(table);
        output.Out.WriteLine($"native ABI {NativeLibrary.AbiVersion}; probed in {KernelProfile.LastProbeTime.TotalMilliseconds:F0} ms");
    }

    // The "here" column: yes/no, the page size with its unit, userfaultfd with its detail, "none" for no libc.
    private static string Here(Fact f) => f switch
    {
        { Key: "userfaultfd", Value: true } => $"yes, {f.Detail}",
        { Key: "userfaultfd" } => $"no: {f.Detail}",
        { Key: "page_size" } => $"{f.Value} B",
        { Value: bool b } => b ? "yes" : "no",
        { Value: null } => "none",
        _ => Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
