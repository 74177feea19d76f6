using System.Globalization;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>--csv: one line per fault.</summary>
internal static class FaultsCsv
{
    public static void Write(TextWriter output, FaultRecording recording)
    {
        output.WriteLine("time_ns,pid,tid,address,page,write,exec,major,cause,mapping,file_offset,in_kernel");
        foreach (var f in recording.Faults)
            output.WriteLine(string.Join(',', f.TimeNs.ToString(CultureInfo.InvariantCulture), f.Pid.ToString(CultureInfo.InvariantCulture),
                f.Tid.ToString(CultureInfo.InvariantCulture), $"0x{f.Address:x}", f.Page.ToString(CultureInfo.InvariantCulture), Bool(f.Write), Bool(f.Exec),
                Bool(f.Major), FaultsResult.Cause(f.Cause), Quote(FaultsResult.MappingLabel(f)), f.FileOffset is { } o ? $"0x{o:x}" : "", Bool(f.InKernel)));
    }

    private static string Bool(bool? b) => b switch { true => "true", false => "false", null => "" };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
