using System.CommandLine;
using MmapToolkit.Processes;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk fork-probe --pages N --child-writes K [--json]</c>: copy-on-write fork measured. The parent maps N
/// anonymous pages (NoHugePage) and writes them all; it forks; the child writes K of them. Reports both sides'
/// faults, the fork's duration and, as root, how many of the mapping's pages share a frame before and after
/// the child's writes. The child runs only native code (docs/design.md rule 1).
/// </summary>
internal static class ForkProbeCommand
{
    public static Command Create()
    {
        var pages = new Option<int>("--pages") { Description = "Pages to map and touch in the parent (N > 0).", DefaultValueFactory = _ => 1024 };
        var writes = new Option<int>("--child-writes") { Description = "Pages the child writes after fork (0 <= K <= N).", DefaultValueFactory = _ => 256 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the child before killing it.", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("fork-probe", "Fork with a touched heap: the child's copy-on-write faults, share counts before and after, fork's cost.")
        {
            pages, writes, timeout, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int n = parse.GetValue(pages), k = parse.GetValue(writes);
            double seconds = parse.GetValue(timeout);
            if (n <= 0) throw new ArgumentException($"--pages must be at least 1, got {n}");
            if (n > CopyOnWriteExperiment.MaxPages) throw new ArgumentException($"--pages must be at most {CopyOnWriteExperiment.MaxPages}, got {n}");
            if (k < 0) throw new ArgumentException($"--child-writes cannot be negative, got {k}");
            if (k > n) throw new ArgumentException($"--child-writes ({k}) cannot exceed --pages ({n}): the child writes pages of the parent's mapping");
            if (!(seconds > 0) || seconds > 3600) throw new ArgumentException($"--timeout must be between 0 and 3600 seconds, got {seconds}");

            var r = CopyOnWriteExperiment.Run(n, k, TimeSpan.FromSeconds(seconds));
            if (parse.GetValue(json)) CommandRunner.WriteJson(ToJson(r));
            else WriteText(r);
            return 0;
        }));
        return command;
    }

    internal static object ToJson(CopyOnWriteResult r) => new
    {
        r.Pages,
        r.ChildWrites,
        r.PageSize,
        r.ParentMinorFaults,
        r.ParentMajorFaults,
        ForkSeconds = r.ForkTime.TotalSeconds,
        r.ChildPid,
        r.ChildMinorFaults,
        r.ChildMajorFaults,
        ChildSeconds = r.ChildWriteTime.TotalSeconds,
        r.ChildNewFrames,
        ChildNewFramesReason = r.FrameFiguresUnavailableReason,
        r.SharedBefore,
        SharedBeforeReason = r.FrameFiguresUnavailableReason,
        r.SharedAfter,
        SharedAfterReason = r.FrameFiguresUnavailableReason,
        ChildExit = r.ChildExit.ToString(),
    };

    private static void WriteText(CopyOnWriteResult r)
    {
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
        string NeedsRoot(long? v) => v is { } x ? x.ToString("N0") : "[yellow]needs root[/]";
        var table = new Table().Border(TableBorder.Rounded).AddColumns("measure", "value", "what it means");
        table.Columns[1].RightAligned();
        table.AddRow("parent: minor faults", r.ParentMinorFaults.ToString("N0"), $"writing all {r.Pages:N0} fresh pages: one demand-zero fault each");
        table.AddRow("parent: major faults", r.ParentMajorFaults.ToString("N0"), "faults that waited for I/O");
        table.AddRow("fork took", $"{r.ForkTime.TotalMilliseconds:0.000} ms", "clone(), measured in the parent: copies page tables, not pages");
        table.AddRow("shared before", NeedsRoot(r.SharedBefore), "mapping's pages whose frame has kpagecount >= 2, right after fork");
        table.AddRow("child: minor faults", r.ChildMinorFaults.ToString("N0"), $"writing {r.ChildWrites:N0} pages: one copy-on-write fault each");
        table.AddRow("child: major faults", r.ChildMajorFaults.ToString("N0"), "");
        table.AddRow("child: write time", $"{r.ChildWriteTime.TotalMilliseconds:0.000} ms", r.ChildWrites > 0 ? $"{r.ChildWriteTime.TotalMicroseconds / r.ChildWrites:0.00} µs per copied page" : "");
        table.AddRow("child: new frames", NeedsRoot(r.ChildNewFrames), "written pages whose PFN changed in the child");
        table.AddRow("shared after", NeedsRoot(r.SharedAfter), "the written pages went back to one mapping each");
        AnsiConsole.MarkupLine($"[bold]fork-probe[/]: {r.Pages:N0} pages of {r.PageSize} B, the child (pid {r.ChildPid}) writes {r.ChildWrites:N0}; child {Markup.Escape(r.ChildExit.ToString())}");
        AnsiConsole.Write(table);
        if (r.FrameFiguresUnavailableReason is { } why)
            AnsiConsole.MarkupLine($"[yellow]frame figures unavailable:[/] {Markup.Escape(why)}");
    }
}
