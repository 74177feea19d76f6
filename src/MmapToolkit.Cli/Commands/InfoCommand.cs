using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk info</c>: the kernel profile (what this kernel does where kernels differ), each fact with what it changes.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row (fact,value,detail,what_it_changes), then a row per fact." };
        var command = new Command("info", "The running kernel's profile: each fact measured here, and what it changes in the demos.") { json, csv };
        command.SetAction(parse => CommandRunner.Run(parse, () => new InfoRequest(parse.GetValue(json), parse.GetValue(csv)).Validate(), InfoRunner.Execute));
        return command;
    }
}
