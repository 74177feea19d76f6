using System.Globalization;
using System.Text;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>--trace-out: the faulting pages in fault order, in the format the simulator reads.</summary>
internal static class FaultTraceFile
{
    public static void Write(string path, FaultRecording recording, string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# fault trace of {title.Replace('\n', ' ')}");
        sb.AppendLine("# A FAULT trace, not a reference trace: one line per page fault the kernel took, in order, not every access.");
        sb.AppendLine("# Page numbers are virtual address / page size. 'w' marks a known store; other faults (loads, fetches and");
        sb.AppendLine("# faults whose access is unknown) are written as loads.");
        if (recording.Lost > 0) sb.AppendLine($"# {recording.Lost} fault records were lost: the trace is incomplete.");
        foreach (var f in recording.Faults) sb.Append(f.Page.ToString(CultureInfo.InvariantCulture)).AppendLine(f.Write == true ? "w" : "");
        File.WriteAllText(path, sb.ToString());
    }
}
