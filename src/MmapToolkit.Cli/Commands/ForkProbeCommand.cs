using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk fork-probe --pages N --child-writes K [--json|--csv]</c>: copy-on-write fork measured. The parent maps N
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
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row (measure,value,unit,unavailable), then a row per measure." };
        var command = new Command("fork-probe", "Fork with a touched heap: the child's copy-on-write faults, share counts before and after, fork's cost.")
        {
            pages, writes, timeout, json, csv,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => new ForkProbeRequest(parse.GetValue(pages), parse.GetValue(writes), parse.GetValue(timeout), parse.GetValue(json), parse.GetValue(csv)).Validate(),
            ForkProbeRunner.Execute));
        return command;
    }
}
