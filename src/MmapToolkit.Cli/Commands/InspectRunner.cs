using MmapToolkit.Observers;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk inspect</c>: the process (this one by default), all mappings or the resident ones, JSON or CSV.</summary>
internal sealed record InspectRequest(int Pid, bool All, bool Json, bool Csv = false)
{
    public InspectRequest Validate()
    {
        if (Json && Csv) throw new ArgumentException("give only one of --json and --csv");
        return Pid > 0 ? this : throw new ArgumentException($"--pid must be a positive process id, got {Pid}");
    }
}

/// <summary>What <c>mmaptk inspect</c> does: reads the process's smaps (and, as root, its frames) and prints them.</summary>
internal static class InspectRunner
{
    public static int Execute(InspectRequest request, CommandOutput output)
    {
        var memory = ProcessMemory.Inspect(request.Pid);
        if (request.Json) output.WriteJson(ToJson(memory));
        else if (request.Csv) WriteCsv(memory, request.All, output.Out);
        else WriteText(memory, request.All, output);
        return 0;
    }

    internal static object ToJson(ProcessMemory m) => new
    {
        m.Pid,
        m.Command,
        RssKb = m.Totals.RssKb,
        PssKb = m.Totals.PssKb,
        PrivateKb = m.Totals.PrivateKb,
        SharedKb = m.Totals.SharedKb,
        PrivateDirtyKb = m.Totals.PrivateDirtyKb,
        AnonymousKb = m.Totals.AnonymousKb,
        SwapKb = m.Totals.SwapKb,
        MappingCount = m.Mappings.Count,
        PresentPages = m.Sharing?.PresentPages,
        PagesSharingAFrame = m.Sharing?.SharedPages,
        MaxShareCount = m.Sharing?.MaxShareCount,
        PagesSharingAFrameReason = m.SharingUnavailableReason,
        Mappings = m.Mappings.Select(x => new
        {
            Start = $"0x{x.Start:x}",
            End = $"0x{x.End:x}",
            x.Permissions,
            Offset = x.Offset,
            x.Name,
            SizeKb = x.Figures.SizeKb,
            RssKb = x.Figures.RssKb,
            PssKb = x.Figures.PssKb,
            SharedCleanKb = x.Figures.SharedCleanKb,
            SharedDirtyKb = x.Figures.SharedDirtyKb,
            PrivateCleanKb = x.Figures.PrivateCleanKb,
            PrivateDirtyKb = x.Figures.PrivateDirtyKb,
            AnonymousKb = x.Figures.AnonymousKb,
            AnonHugePagesKb = x.Figures.AnonHugePagesKb,
            SwapKb = x.Figures.SwapKb,
        }),
    };

    /// <summary>--csv: the wide table's rows (the same mappings the text shows: --all for every one), every figure in
    /// kB, the offset in bytes, the addresses in hex as --json gives them; the last row, "total", is smaps_rollup's (its address
    /// cells empty), not a sum of the rows above.</summary>
    internal static void WriteCsv(ProcessMemory m, bool all, TextWriter output)
    {
        var rows = Shown(m, all).Select(x => (IReadOnlyList<object?>)
        [
            "mapping", $"0x{x.Start:x}", $"0x{x.End:x}", x.Permissions, x.Offset, x.Figures.SizeKb, x.Figures.RssKb, x.Figures.PssKb,
            x.Figures.SharedKb, x.Figures.PrivateKb, x.Figures.AnonymousKb, x.Figures.SwapKb, x.Name,
        ]);
        var t = m.Totals;
        CsvOutput.Write(output, ["row", "start", "end", "perm", "offset", "size_kb", "rss_kb", "pss_kb", "shared_kb", "private_kb", "anonymous_kb", "swap_kb", "name"],
                        rows.Append(["total", null, null, null, null, null, t.RssKb, t.PssKb, t.SharedKb, t.PrivateKb, t.AnonymousKb, t.SwapKb, null]));
    }

    // Text and CSV: the mappings with something resident or swapped, or all of them.
    private static List<SmapsMapping> Shown(ProcessMemory m, bool all)
        => m.Mappings.Where(x => all || x.Figures.RssKb > 0 || x.Figures.SwapKb > 0).ToList();

    private static void WriteText(ProcessMemory m, bool all, CommandOutput output)
    {
        var shown = Shown(m, all);
        var table = output.Narrow ? NarrowTable(m, shown) : WideTable(m, shown);
        var t = m.Totals;
        output.Console.MarkupLine($"[bold]pid {m.Pid}[/] ({Markup.Escape(m.Command)}): {m.Mappings.Count} mappings" +
                               (shown.Count < m.Mappings.Count ? $", {m.Mappings.Count - shown.Count} with nothing resident not shown (--all)" : ""));
        output.Console.Write(table);
        output.Console.MarkupLine($"total (smaps_rollup): Rss [bold]{t.RssKb:N0} kB[/], Pss [bold]{t.PssKb:N0} kB[/], " +
                               $"private {t.PrivateKb:N0} kB, shared {t.SharedKb:N0} kB, anonymous {t.AnonymousKb:N0} kB, swap {t.SwapKb:N0} kB");
        if (m.Sharing is { } s)
            output.Console.MarkupLine($"present pages sharing a frame with another mapping (kpagecount >= 2): [bold]{s.SharedPages:N0}[/] of {s.PresentPages:N0} (highest share count {s.MaxShareCount})");
        else
            output.Console.MarkupLine($"pages sharing a frame: [yellow]not available[/]: {Markup.Escape(m.SharingUnavailableReason ?? "")}");
    }

    private static Table WideTable(ProcessMemory m, IReadOnlyList<SmapsMapping> shown)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("address", "perm", "size kB", "Rss kB", "Pss kB", "shared kB", "private kB", "anon kB", "swap kB", "mapping");
        foreach (var column in table.Columns.Skip(2).Take(7)) column.RightAligned();
        foreach (var x in shown)
        {
            var f = x.Figures;
            table.AddRow($"{x.Start:x}-{x.End:x}", x.Permissions, f.SizeKb.ToString("N0"), f.RssKb.ToString("N0"), f.PssKb.ToString("N0"),
                         f.SharedKb.ToString("N0"), f.PrivateKb.ToString("N0"), f.AnonymousKb.ToString("N0"), f.SwapKb.ToString("N0"),
                         Markup.Escape(x.Name));
        }
        var t = m.Totals;
        table.AddEmptyRow();
        table.AddRow("[bold]total[/]", "", "", $"[bold]{t.RssKb:N0}[/]", $"[bold]{t.PssKb:N0}[/]",
                     t.SharedKb.ToString("N0"), t.PrivateKb.ToString("N0"), t.AnonymousKb.ToString("N0"), t.SwapKb.ToString("N0"), "");
        return table;
    }

    /// <summary>Below 100 columns: the start address only, the figures that say who pays (Rss, Pss, private, swap), and
    /// the file's name without its directory; the full table is one COLUMNS=160 or --json away.</summary>
    private static Table NarrowTable(ProcessMemory m, IReadOnlyList<SmapsMapping> shown)
    {
        var table = new Table().AddColumns("start", "perm", "Rss kB", "Pss kB", "priv kB", "swap kB", "mapping").Tight();
        foreach (var column in table.Columns.Take(6)) column.NoWrap();
        foreach (var column in table.Columns.Skip(2).Take(4)) column.RightAligned();
        foreach (var x in shown)
        {
            var f = x.Figures;
            table.AddRow($"{x.Start:x}", x.Permissions, f.RssKb.ToString("N0"), f.PssKb.ToString("N0"), f.PrivateKb.ToString("N0"),
                         f.SwapKb.ToString("N0"), Markup.Escape(NarrowLayout.FileName(x.Name)));
        }
        var t = m.Totals;
        table.AddEmptyRow();
        table.AddRow("[bold]total[/]", "", $"[bold]{t.RssKb:N0}[/]", $"[bold]{t.PssKb:N0}[/]", t.PrivateKb.ToString("N0"), t.SwapKb.ToString("N0"), "");
        return table;
    }
}
