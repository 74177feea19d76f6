using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>The whole command line: every command under one root, and parse errors as one line with exit code 2 (with
/// "did you mean" for a mistyped command, and the subcommands of a command given alone); no arguments print the help.</summary>
internal static class MmaptkCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("mmaptk: see what paging hardware and the kernel's virtual-memory code do, and what it costs.");
        // One line per command; each command lives in Commands/<Name>Command.cs, its work in Commands/<Name>Runner.cs.
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ForkProbeCommand.Create());
        root.Subcommands.Add(PagerCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CostCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(FaultsCommand.Create());
        root.Subcommands.Add(QuizCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. Output and errors go to <paramref name="io"/>'s writers (a test's
    /// StringWriters), or to the process's standard output and error when it is null.</summary>
    public static int Run(string[] args, InvocationConfiguration? io = null)
    {
        io ??= new InvocationConfiguration();
        // A bare mmaptk prints its help (what each command does), not an error.
        if (args.Length == 0) args = ["--help"];
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            string message = CommandSuggestions.UnknownCommand(parse) ?? ParseErrors.Describe(parse);
            io.Error.WriteLine($"mmaptk: error: {message} (see 'mmaptk --help')");
            // "mmaptk pager" alone: which subcommands there are, under the line that says what is missing.
            if (CommandSuggestions.SubcommandsOfBareCommand(parse) is { } commands) io.Error.WriteLine(commands);
            return CommandRunner.UsageOrInputError;
        }
        return parse.Invoke(io);
    }
}
