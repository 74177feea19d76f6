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

    /// <summary>Below this many columns tables take their narrow layout (fewer or shorter columns, text under them).</summary>
    public const int NarrowBelow = 100;

    /// <summary>The width tables and wrapped text are laid out for.</summary>
    public int Width => Console.Profile.Width;

    /// <summary>True below <see cref="NarrowBelow"/> columns: a layout that fits 80 columns without wrapping cells.</summary>
    public bool Narrow => Console.IsNarrow();

    /// <summary>The invocation's output: the process's standard output unless the command line was invoked with another
    /// writer (a test), then <see cref="ForWriter"/>. On a terminal without NO_COLOR: colour and a progress bar; to a
    /// pipe or a file, or with NO_COLOR set, plain text as <see cref="ForWriter"/> gives it (no escape code at all, no
    /// progress). The width is COLUMNS when set, else the terminal's, else 80.</summary>
    public static CommandOutput For(ParseResult parse)
    {
        var writer = parse.InvocationConfiguration.Output;
        if (!ReferenceEquals(writer, System.Console.Out)) return ForWriter(writer);
        int width = StandardOutputWidth();
        if (System.Console.IsOutputRedirected || NoColorRequested()) return ForWriter(writer, width);
        var console = AnsiConsole.Console;
        console.Profile.Width = width;
        return new CommandOutput(console, writer, WorkProgress.ForStandardOutput());
    }

    /// <summary>NO_COLOR (https://no-color.org): set and not empty.</summary>
    internal static bool NoColorRequested() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>COLUMNS when it is a number of at least 40; else the terminal's width; else 80 (a pipe).</summary>
    internal static int StandardOutputWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns >= 40) return columns;
        if (!System.Console.IsOutputRedirected)
        {
            try
            {
                if (System.Console.WindowWidth >= 40) return System.Console.WindowWidth;
            }
            catch (IOException)
            {
                // No terminal size to read: the pipe's default below.
            }
        }
        return 80;
    }

    /// <summary>Plain text on <paramref name="writer"/> as a pipe gets it: no colour, bold or cursor codes, tables
    /// <paramref name="width"/> columns wide (80 unless COLUMNS says otherwise), no progress.</summary>
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

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
