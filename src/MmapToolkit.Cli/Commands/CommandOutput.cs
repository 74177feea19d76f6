using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// Where a command's runner writes: <see cref="Console"/> for tables and markup (Spectre.Console, wrapping at its
/// width), <see cref="Out"/> for JSON and lines that must not wrap, <see cref="Progress"/> for long work (on a terminal
/// only). Runners never use the global Console or AnsiConsole: the same runner writes to the process's standard output
/// or, in tests, to a StringWriter.
/// </summary>
internal sealed class CommandOutput(IAnsiConsole console, TextWriter writer, WorkProgress progress)
{
    /// <summary>Tables and markup.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>JSON and plain lines, written as they are.</summary>
    public TextWriter Out { get; } = writer;

    /// <summary>Progress bars for long work.</summary>
    public WorkProgress Progress { get; } = progress;

    /// <summary>The invocation's output: the process's standard output (the global console, a progress bar on a
    /// terminal) unless the command line was invoked with another writer (a test), then <see cref="ForWriter"/>.</summary>
    public static CommandOutput For(ParseResult parse)
    {
        var writer = parse.InvocationConfiguration.Output;
        return ReferenceEquals(writer, System.Console.Out)
            ? new CommandOutput(AnsiConsole.Console, writer, WorkProgress.ForStandardOutput())
            : ForWriter(writer);
    }

    /// <summary>Plain text on <paramref name="writer"/> as a pipe gets it: no colour or cursor codes, tables 80 columns
    /// wide (what the real command gives a pipe when COLUMNS is not set), no progress.</summary>
    public static CommandOutput ForWriter(TextWriter writer, int width = 80)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return new CommandOutput(console, writer, WorkProgress.None);
    }

    /// <summary>Tables with long cells (addresses, paths) get at least <paramref name="columns"/>, never squeezed into
    /// the 80 a pipe gets by default.</summary>
    public void WidenTo(int columns) => Console.Profile.Width = Math.Max(Console.Profile.Width, columns);

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
