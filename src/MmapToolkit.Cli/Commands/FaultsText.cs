using System.Globalization;
using MmapToolkit.Recording;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The text report: totals against the kernel's counts, by mapping, by kind, the first faults. Sentences are
/// wrapped at the width; below <see cref="CommandOutput.NarrowBelow"/> columns, or wherever the boxed table with full
/// paths would not fit (a long path at 120 columns), the tables take their narrow layout.</summary>
internal static class FaultsText
{
    public static void Write(TextWriter output, FaultsResult r, int timeline, int width = 80)
    {
        var rec = r.Recording;
        var prose = new ProseWriter(output, width);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        bool narrow = console.IsNarrow();
        // Names longer than the room the wide table leaves them would fold inside their cell: narrow, names shortened.
        bool Fits(Table wide) => NarrowLayout.BoxedWidth(wide) <= width;
        prose.Line($"{r.Title}: {rec.Faults.Count:N0} faults recorded ({rec.MinorFaults:N0} minor, {rec.MajorFaults:N0} major), "
                 + (rec.Lost == 0 ? "none lost" : $"{rec.Lost:N0} LOST (the ring buffer was full: raise --buffer-pages)"));
        if (r.Kernel is { } k)
        {
            long diff = r.Unrecorded!.Value;
            prose.Line($"{r.KernelSource}: {k.Minor:N0} minor, {k.Major:N0} major"
                       + (diff == 0 ? "; every one recorded" : diff > 0 ? $"; {diff:N0} not recorded: {r.UnrecordedReason}"
                                                                         : $"; {-diff:N0} fewer than recorded (children the program did not wait for are not in its count)"));
        }
        if (rec.CauseUnavailableReason is { } why)
            prose.Line($"cause and read/write: not known ({why}); a fault in a mapping that is not writable is shown as a read, one on the faulting instruction's own page as exec");
        if (!rec.KernelModeIncluded && r.Unrecorded is null or <= 0) prose.Line($"note: {rec.KernelModeReason}");
        if (rec.Faults.Count == 0) return;

        prose.Line();
        prose.Line("by mapping");
        console.Write(narrow || !Fits(ByMapping(rec, false)) ? ByMapping(rec, true) : ByMapping(rec, false));
        prose.Line("by kind: " + string.Join(", ", rec.Faults.GroupBy(f => (f.Mapping?.Kind ?? FaultMappingKind.Unknown).ToString().ToLowerInvariant())
                                                    .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")), hanging: 2);
        prose.Line("by cause: " + string.Join(", ", rec.Faults.GroupBy(f => FaultsResult.Cause(f.Cause)).OrderByDescending(g => g.Count())
                                                     .Select(g => $"{g.Key} {g.Count():N0}")), hanging: 2);
        if (timeline == 0) return;
        prose.Line();
        prose.Line(timeline >= rec.Faults.Count ? "every fault, in order" : $"the first {Math.Min(timeline, rec.Faults.Count)} faults, in order (--json or --csv list all)");
        console.Write(narrow || !Fits(Timeline(rec, timeline, false)) ? Timeline(rec, timeline, true) : Timeline(rec, timeline, false));
    }

    /// <summary>Faults per mapping. Narrow: the tight shape, files by their name without the directory (the full paths
    /// are in --json and --csv), every figure whole.</summary>
    private static Table ByMapping(FaultRecording rec, bool narrow)
    {
        var table = new Table().AddColumn("mapping");
        foreach (string figure in new[] { "faults", "major", "pages", "read", "write", "exec", "unknown", "in kernel" })
            table.AddColumn(new TableColumn(figure).RightAligned().NoWrap());
        Narrow(table, narrow);
        foreach (var g in rec.Faults.GroupBy(FaultsResult.MappingLabel).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(narrow ? NarrowLayout.FileName(g.Key) : g.Key), N(g.Count()), N(g.Count(f => f.Major)), N(g.Select(f => f.Page).Distinct().Count()),
                N(g.Count(f => FaultsResult.Access(f) == "read")), N(g.Count(f => FaultsResult.Access(f) == "write")),
                N(g.Count(f => FaultsResult.Access(f) == "exec")), N(g.Count(f => FaultsResult.Access(f) == "unknown")), N(g.Count(f => f.InKernel)));
        }
        return table;
    }

    /// <summary>The first faults in order. Narrow: the tight shape, files by name, every figure and address whole, a
    /// major fault marked in the access column (no kind column); the thread id only when more than one thread faulted,
    /// the cause only when one was recorded (else every row says "unknown", as the sentence above the tables does).</summary>
    private static Table Timeline(FaultRecording rec, int timeline, bool narrow)
    {
        var rows = rec.Faults.Take(timeline).ToList();
        bool tid = !narrow || rows.Select(f => f.Tid).Distinct().Count() > 1;
        bool cause = !narrow || rows.Any(f => f.Cause != FaultCause.Unknown);
        var t = new Table().AddColumn(new TableColumn("µs").RightAligned().NoWrap());
        if (tid) t.AddColumn(new TableColumn("tid").RightAligned().NoWrap());
        t.AddColumn(new TableColumn("address").NoWrap()).AddColumn(new TableColumn("access").NoWrap());
        if (!narrow) t.AddColumn(new TableColumn("kind").NoWrap());
        if (cause) t.AddColumn(new TableColumn("cause").NoWrap());
        t.AddColumn("mapping").AddColumn(new TableColumn("offset").RightAligned().NoWrap());
        Narrow(t, narrow);
        foreach (var f in rows)
        {
            var cells = new List<string> { (f.TimeNs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) };
            if (tid) cells.Add(f.Tid.ToString(CultureInfo.InvariantCulture));
            string access = FaultsResult.Access(f) + (narrow && f.Major ? ", major" : "") + (f.InKernel ? " (kernel)" : "");
            cells.AddRange([$"0x{f.Address:x}", access]);
            if (!narrow) cells.Add(f.Major ? "major" : "minor");
            if (cause) cells.Add(FaultsResult.Cause(f.Cause));
            string mapping = FaultsResult.MappingLabel(f);
            cells.AddRange([Markup.Escape(narrow ? NarrowLayout.FileName(mapping) : mapping), f.FileOffset is { } o ? $"0x{o:x}" : ""]);
            t.AddRow(cells.ToArray());
        }
        return t;
    }

    // The tight shape without the space after each cell: the border's own one-space gap is enough, and these tables have
    // eight or nine columns, so the name column gets the room (a library's name whole, not folded).
    private static void Narrow(Table table, bool narrow)
    {
        if (!narrow) return;
        table.Tight();
        foreach (var column in table.Columns) column.Padding = new Padding(0, 0, 0, 0);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
