using System.CommandLine;
using MmapToolkit.Observers;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk inspect [--pid N] [--all] [--json]</c>: a process's mappings with Rss, Pss, shared and private
/// figures from /proc/&lt;pid&gt;/smaps, the kernel's totals from smaps_rollup, and, as root, how many of its
/// present pages share a frame with another mapping (kpagecount ≥ 2).
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var pid = new Option<int?>("--pid") { Description = "The process to inspect (default: this mmaptk process)." };
        var all = new Option<bool>("--all") { Description = "Also list mappings with nothing resident (text output; JSON always lists all)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("inspect", "A process's mappings with Rss, Pss, shared and private memory, and (as root) pages that share a frame.")
        {
            pid, all, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int target = parse.GetValue(pid) ?? Environment.ProcessId;
            if (target <= 0) throw new ArgumentException($"--pid must be a positive process id, got {target}");
            var memory = ProcessMemory.Inspect(target);
            if (parse.GetValue(json)) CommandRunner.WriteJson(ToJson(memory));
            else WriteText(memory, parse.GetValue(all));
            return 0;
        }));
        return command;
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

    private static void WriteText(ProcessMemory m, bool all)
    {
        // Addresses and paths are long: never squeeze the table into 80 columns (what a pipe gets by default).
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
        var shown = m.Mappings.Where(x => all || x.Figures.RssKb > 0 || x.Figures.SwapKb > 0).ToList();
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

        AnsiConsole.MarkupLine($"[bold]pid {m.Pid}[/] ({Markup.Escape(m.Command)}): {m.Mappings.Count} mappings" +
                               (shown.Count < m.Mappings.Count ? $", {m.Mappings.Count - shown.Count} with nothing resident not shown (--all)" : ""));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"total (smaps_rollup): Rss [bold]{t.RssKb:N0} kB[/], Pss [bold]{t.PssKb:N0} kB[/], " +
                               $"private {t.PrivateKb:N0} kB, shared {t.SharedKb:N0} kB, anonymous {t.AnonymousKb:N0} kB, swap {t.SwapKb:N0} kB");
        if (m.Sharing is { } s)
            AnsiConsole.MarkupLine($"present pages sharing a frame with another mapping (kpagecount >= 2): [bold]{s.SharedPages:N0}[/] of {s.PresentPages:N0} (highest share count {s.MaxShareCount})");
        else
            AnsiConsole.MarkupLine($"pages sharing a frame: [yellow]not available[/]: {Markup.Escape(m.SharingUnavailableReason ?? "")}");
    }
}
