using System.Globalization;
using MmapToolkit.Recording;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The text report: totals against the kernel's counts, by mapping, by kind, the first faults.</summary>
internal static class FaultsText
{
    public static void Write(TextWriter output, FaultsResult r, int timeline)
    {
        var rec = r.Recording;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        output.WriteLine($"{r.Title}: {rec.Faults.Count:N0} faults recorded ({rec.MinorFaults:N0} minor, {rec.MajorFaults:N0} major), "
                       + (rec.Lost == 0 ? "none lost" : $"{rec.Lost:N0} LOST (the ring buffer was full: raise --buffer-pages)"));
        if (r.Kernel is { } k)
        {
            output.Write($"{r.KernelSource}: {k.Minor:N0} minor, {k.Major:N0} major");
            long diff = r.Unrecorded!.Value;
            output.WriteLine(diff == 0 ? "; every one recorded" : diff > 0 ? $"; {diff:N0} not recorded: {r.UnrecordedReason}"
                                                                            : $"; {-diff:N0} fewer than recorded (children the program did not wait for are not in its count)");
        }
        if (rec.CauseUnavailableReason is { } why)
            output.WriteLine($"cause and read/write: not known ({why}); a fault in a mapping that is not writable is shown as a read, one on the faulting instruction's own page as exec");
        if (!rec.KernelModeIncluded && r.Unrecorded is null or <= 0) output.WriteLine($"note: {rec.KernelModeReason}");
        if (rec.Faults.Count == 0) return;

        output.WriteLine();
        output.WriteLine("by mapping");
        var byMapping = new Table().AddColumn("mapping").AddColumn(new TableColumn("faults").RightAligned()).AddColumn(new TableColumn("major").RightAligned())
            .AddColumn(new TableColumn("pages").RightAligned()).AddColumn(new TableColumn("read").RightAligned()).AddColumn(new TableColumn("write").RightAligned())
            .AddColumn(new TableColumn("exec").RightAligned()).AddColumn(new TableColumn("unknown").RightAligned()).AddColumn(new TableColumn("in kernel").RightAligned());
        foreach (var g in rec.Faults.GroupBy(FaultsResult.MappingLabel).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            byMapping.AddRow(Markup.Escape(g.Key), N(g.Count()), N(g.Count(f => f.Major)), N(g.Select(f => f.Page).Distinct().Count()),
                N(g.Count(f => FaultsResult.Access(f) == "read")), N(g.Count(f => FaultsResult.Access(f) == "write")),
                N(g.Count(f => FaultsResult.Access(f) == "exec")), N(g.Count(f => FaultsResult.Access(f) == "unknown")), N(g.Count(f => f.InKernel)));
        }
        console.Write(byMapping);

        output.WriteLine("by kind: " + string.Join(", ", rec.Faults.GroupBy(f => (f.Mapping?.Kind ?? FaultMappingKind.Unknown).ToString().ToLowerInvariant())
                                                         .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
        output.WriteLine("by cause: " + string.Join(", ", rec.Faults.GroupBy(f => FaultsResult.Cause(f.Cause)).OrderByDescending(g => g.Count())
                                                          .Select(g => $"{g.Key} {g.Count():N0}")));
        if (timeline == 0) return;
        output.WriteLine();
        output.WriteLine(timeline >= rec.Faults.Count ? "every fault, in order" : $"the first {Math.Min(timeline, rec.Faults.Count)} faults, in order (--json or --csv list all)");
        var t = new Table().AddColumn(new TableColumn("µs").RightAligned()).AddColumn(new TableColumn("tid").RightAligned()).AddColumn("address")
            .AddColumn("access").AddColumn("kind").AddColumn("cause").AddColumn("mapping").AddColumn(new TableColumn("offset").RightAligned());
        foreach (var f in rec.Faults.Take(timeline))
            t.AddRow((f.TimeNs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture), f.Tid.ToString(CultureInfo.InvariantCulture), $"0x{f.Address:x}",
                     FaultsResult.Access(f) + (f.InKernel ? " (kernel)" : ""), f.Major ? "major" : "minor", FaultsResult.Cause(f.Cause),
                     Markup.Escape(FaultsResult.MappingLabel(f)), f.FileOffset is { } o ? $"0x{o:x}" : "");
        console.Write(t);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
