using System.CommandLine;
using MmapToolkit.Demos;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using Spectre.Console;

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
        var steps = new Option<bool>("--steps") { Description = "Also print the model's event log: each fault, its cause and its resolution." };
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
            name, list, all, json, steps, modelOnly, zeroPage,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(list)) return List(asJson);
            var run = new DemoRun(parse.GetValue(modelOnly), parse.GetValue(zeroPage) switch { "on" => true, "off" => false, _ => null });
            if (parse.GetValue(all)) return RunAll(asJson, run);
            string? demo = parse.GetValue(name);
            if (demo is null) throw new ArgumentException("name a demo, or use --list or --all");
            return RunOne(DemoCatalog.Find(demo, facts: run.Facts), asJson, parse.GetValue(steps), run);
        }));
        return command;
    }

    private static int List(bool asJson)
    {
        var demos = DemoCatalog.LoadAll();
        if (asJson)
        {
            CommandRunner.WriteJson(demos.Select(d => new { d.Name, d.Topic, Title = d.TopicTitle }));
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("demo", "topic", "what it shows");
        foreach (var d in demos) table.AddRow(Markup.Escape(d.Name), d.Topic.ToString(), Markup.Escape(d.TopicTitle));
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>How demos run: the real side or not, the facts (probed once), the model's zero-page choice.</summary>
    private sealed record DemoRun(bool ModelOnly, bool? ModelZeroPage)
    {
        public KernelFacts Facts { get; } = DemoSession.FactsFor(ModelOnly);

        public DemoResult Run(Scenario scenario) => DemoSession.Run(scenario, ModelOnly, Facts, ModelZeroPage);
    }

    private static int RunOne(Scenario scenario, bool asJson, bool showSteps, DemoRun run)
    {
        var result = run.Run(scenario);
        if (asJson) CommandRunner.WriteJson(DemoJson.Of(result, showSteps));
        else DemoRendering.Write(result, showSteps);
        return result.Agree ? 0 : 1;
    }

    private static int RunAll(bool asJson, DemoRun run)
    {
        var demos = DemoCatalog.LoadAll(facts: run.Facts);
        var results = new List<DemoResult>();
        if (asJson)
        {
            foreach (var d in demos) results.Add(run.Run(d));
            CommandRunner.WriteJson(results.Select(r => DemoJson.Of(r, steps: false)));
        }
        else
        {
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("demos", maxValue: demos.Count);
                    foreach (var d in demos)
                    {
                        task.Description = $"demo {Markup.Escape(d.Name)}";
                        results.Add(run.Run(d));
                        task.Increment(1);
                    }
                });
            foreach (var r in results) DemoRendering.Write(r, showSteps: false);
            DemoRendering.WriteSummary(results);
        }
        return results.All(r => r.Agree) ? 0 : 1;
    }
}
