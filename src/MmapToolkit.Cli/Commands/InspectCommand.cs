using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk inspect [--pid N] [--all] [--json|--csv]</c>: a process's mappings with Rss, Pss, shared and private
/// figures from /proc/&lt;pid&gt;/smaps, the kernel's totals from smaps_rollup, and, as root, how many of its
/// present pages share a frame with another mapping (kpagecount ≥ 2).
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var pid = new Option<int?>("--pid") { Description = "The process to inspect (default: this mmaptk process)." };
        var all = new Option<bool>("--all") { Description = "Also list mappings with nothing resident (text and CSV; JSON always lists all)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, a row per mapping (kB), then the smaps_rollup total." };
        var command = new Command("inspect", "A process's mappings with Rss, Pss, shared and private memory, and (as root) pages that share a frame.")
        {
            pid, all, json, csv,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => new InspectRequest(parse.GetValue(pid) ?? Environment.ProcessId, parse.GetValue(all), parse.GetValue(json), parse.GetValue(csv)).Validate(),
            InspectRunner.Execute));
        return command;
    }
}
