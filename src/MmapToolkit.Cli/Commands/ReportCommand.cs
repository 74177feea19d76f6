using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk report --html FILE</c>: the simulator's charts, this run's cost figures and every demo, in one page with an index.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var html = new Option<string?>("--html")
        {
            Description = "The page to write (FILE.html, opens offline): an index; the simulator's fault curves on the notes' " +
                          "reference string and a generated Zipf trace; cost figures measured by this run; every demo with its verdict, " +
                          "each as 'demo NAME --html' draws it.",
            HelpName = "FILE",
        };
        var modelOnly = new Option<bool>("--model-only") { Description = "Run only the model's side of each demo, and measure no costs (works on any OS)." };
        var noCost = new Option<bool>("--no-cost") { Description = "Leave the cost figures out (they take a few seconds to measure)." };
        var command = new Command("report", "Run every demo, draw the simulator's charts, measure the costs, and write one HTML page with an index.")
        {
            html, modelOnly, noCost,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => ReportRequest.From(parse.GetValue(html), parse.GetValue(modelOnly), parse.GetValue(noCost)),
            ReportRunner.Execute));
        return command;
    }
}
