using System.CommandLine;
using MmapToolkit.Cli.Commands;
using Spectre.Console;

// Tables wrap at 80 columns when output is not a terminal, unless COLUMNS says otherwise.
if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns >= 40)
    AnsiConsole.Profile.Width = columns;

var root = new RootCommand("mmaptk: see what paging hardware and the kernel's virtual-memory code do, and what it costs.");
// One line per command; each command lives in Commands/<Name>Command.cs.
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(SimCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ForkProbeCommand.Create());
root.Subcommands.Add(PagerCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(CostCommand.Create());
root.Subcommands.Add(FaultsCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    Console.Error.WriteLine($"mmaptk: error: {ParseErrors.Describe(parse)} (see 'mmaptk --help')");
    return CommandRunner.UsageOrInputError;
}
return parse.Invoke();
