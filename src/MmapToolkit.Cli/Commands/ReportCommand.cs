using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk report --html FILE</c>: every demo run and drawn into one page with an index.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var html = new Option<string?>("--html")
        {
            Description = "The page to write (FILE.html, opens offline): an index of every demo with its verdict, then each demo as " +
                          "'demo NAME --html' draws it.",
            HelpName = "FILE",
        };
        var modelOnly = new Option<bool>("--model-only") { Description = "Run only the model's side of each demo (works on any OS)." };
        var command = new Command("report", "Run every demo and write them as one HTML page with an index.") { html, modelOnly };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => ReportRequest.From(parse.GetValue(html), parse.GetValue(modelOnly)),
            ReportRunner.Execute));
        return command;
    }
}
