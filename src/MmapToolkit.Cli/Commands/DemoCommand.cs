using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk demo</c>: every idea in the course notes, run on the model and on the real kernel side by side.
/// Exit code 1 when any demo shows a difference its scenario does not explain.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "A demo's name (see --list) or a path to a .scenario file.", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the demos with their topic in the notes." };
        var all = new Option<bool>("--all") { Description = "Run every demo and print a summary." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var steps = new Option<bool>("--steps") { Description = "Also show, step by step, the model's fault log and the kernel's recorded faults side by side, page by page." };
        var html = new Option<string?>("--html")
        {
            Description = "Also write the demo as one self-contained HTML page (FILE.html, opens offline): step by step, the model's page " +
                          "tables and frames beside both sides' observations, changed cells highlighted.",
            HelpName = "FILE",
        };
        var chart = new Option<string?>("--chart")
        {
            Description = "demo thrashing (a demo with a 'working-set' view): also draw the thrashing cliff, faults per reference of a loop " +
                          "over W = 1..2x frames pages, model and real pager (FILE.svg or FILE.png).",
            HelpName = "FILE",
        };
        var modelOnly = new Option<bool>("--model-only") { Description = "Run only the model's side (works on any OS)." };
        var zeroPage = new Option<string>("--zero-page")
        {
            Description = "Does the model map the shared zero page on reads of fresh anonymous memory? 'kernel' (default): as the " +
                          "probed kernel does (with --model-only: yes, as stock Linux); 'on'; 'off' (the notes' plain demand-zero).",
            DefaultValueFactory = _ => "kernel",
        };
        zeroPage.AcceptOnlyFromAmong("kernel", "on", "off");
        var command = new Command("demo", "Run the course notes' demos on the model and the real kernel, side by side.")
        {
            name, list, all, json, steps, html, chart, modelOnly, zeroPage,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => DemoRequest.From(parse.GetValue(name), parse.GetValue(list), parse.GetValue(all), parse.GetValue(json), parse.GetValue(steps),
                                   parse.GetValue(modelOnly), parse.GetValue(zeroPage) switch { "on" => true, "off" => false, _ => null },
                                   parse.GetValue(html), parse.GetValue(chart)),
            DemoRunner.Execute));
        return command;
    }
}
