using MmapToolkit.Processes;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk fork-probe</c>. <see cref="Validate"/> checks the timeout (seconds, the command
/// line's unit) and leaves the rest to <see cref="CopyOnWriteExperiment.Validate"/>.</summary>
internal sealed record ForkProbeRequest(int Pages, int ChildWrites, double TimeoutSeconds, bool Json, bool Csv = false)
{
    public const double MaxTimeoutSeconds = 3600;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public ForkProbeRequest Validate()
    {
        if (Json && Csv) throw new ArgumentException("give only one of --json and --csv");
        if (!(TimeoutSeconds > 0) || TimeoutSeconds > MaxTimeoutSeconds)
            throw new ArgumentException($"--timeout must be between 0 and {MaxTimeoutSeconds} seconds, got {TimeoutSeconds}");
        CopyOnWriteExperiment.Validate(Pages, ChildWrites, Timeout, OptionNames.Of);
        return this;
    }
}

/// <summary>What <c>mmaptk fork-probe</c> does: runs the copy-on-write experiment and prints what it measured.</summary>
internal static class ForkProbeRunner
{
    public static int Execute(ForkProbeRequest request, CommandOutput output)
    {
        var r = CopyOnWriteExperiment.Run(request.Pages, request.ChildWrites, request.Timeout);
        if (request.Json) output.WriteJson(ToJson(r));
        else if (request.Csv) WriteCsv(r, output.Out);
        else WriteText(r, output);
        return 0;
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

    /// <summary>--csv: a row per row of the text table, the measure named as in --json, durations in ms; a figure that
    /// needs root is empty, with the reason in the last column.</summary>
    internal static void WriteCsv(CopyOnWriteResult r, TextWriter output)
    {
        string? why = r.FrameFiguresUnavailableReason;
        CsvOutput.Write(output, ["measure", "value", "unit", "unavailable"],
        [
            ["parent_minor_faults", r.ParentMinorFaults, "faults", null],
            ["parent_major_faults", r.ParentMajorFaults, "faults", null],
            ["fork_ms", r.ForkTime.TotalMilliseconds, "ms", null],
            ["shared_before", r.SharedBefore, "pages", r.SharedBefore is null ? why : null],
            ["child_minor_faults", r.ChildMinorFaults, "faults", null],
            ["child_major_faults", r.ChildMajorFaults, "faults", null],
            ["child_write_ms", r.ChildWriteTime.TotalMilliseconds, "ms", null],
            ["child_new_frames", r.ChildNewFrames, "pages", r.ChildNewFrames is null ? why : null],
            ["shared_after", r.SharedAfter, "pages", r.SharedAfter is null ? why : null],
        ]);
    }

    private static void WriteText(CopyOnWriteResult r, CommandOutput output)
    {
        string NeedsRoot(long? v) => v is { } x ? x.ToString("N0") : "[yellow]needs root[/]";
        // Narrow: the tight shape leaves "what it means" about 45 columns, so it wraps inside its own column.
        var table = new Table().Border(TableBorder.Rounded).AddColumns("measure", "value", "what it means").TightWhen(output.Narrow);
        table.Columns[0].NoWrap();
        table.Columns[1].RightAligned().NoWrap();
        table.AddRow("parent: minor faults", r.ParentMinorFaults.ToString("N0"), $"writing all {r.Pages:N0} fresh pages: one demand-zero fault each");
        table.AddRow("parent: major faults", r.ParentMajorFaults.ToString("N0"), "faults that waited for I/O");
        table.AddRow("fork took", $"{r.ForkTime.TotalMilliseconds:0.000} ms", "clone(), measured in the parent: copies page tables, not pages");
        table.AddRow("shared before", NeedsRoot(r.SharedBefore), "mapping's pages whose frame has kpagecount >= 2, right after fork");
        table.AddRow("child: minor faults", r.ChildMinorFaults.ToString("N0"), $"writing {r.ChildWrites:N0} pages: one copy-on-write fault each");
        table.AddRow("child: major faults", r.ChildMajorFaults.ToString("N0"), "");
        table.AddRow("child: write time", $"{r.ChildWriteTime.TotalMilliseconds:0.000} ms", r.ChildWrites > 0 ? $"{r.ChildWriteTime.TotalMicroseconds / r.ChildWrites:0.00} µs per copied page" : "");
        table.AddRow("child: new frames", NeedsRoot(r.ChildNewFrames), "written pages whose PFN changed in the child");
        table.AddRow("shared after", NeedsRoot(r.SharedAfter), "the written pages went back to one mapping each");
        output.Console.MarkupLine($"[bold]fork-probe[/]: {r.Pages:N0} pages of {r.PageSize} B, the child (pid {r.ChildPid}) writes {r.ChildWrites:N0}; child {Markup.Escape(r.ChildExit.ToString())}");
        output.Console.Write(table);
        if (r.FrameFiguresUnavailableReason is { } why)
            output.Console.MarkupLine($"[yellow]frame figures unavailable:[/] {Markup.Escape(why)}");
    }
}
