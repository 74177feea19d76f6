using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk info</c>: the kernel profile (what this kernel does where kernels differ), each fact with what it changes.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("info", "The running kernel's profile: each fact measured here, and what it changes in the demos.") { json };
        command.SetAction(parse => CommandRunner.Run(parse, () => new InfoRequest(parse.GetValue(json)), InfoRunner.Execute));
        return command;
    }
}
