namespace MmapToolkit.Cli.Commands;

/// <summary>
/// A plain-text command's output (sim, trace stats, quiz, faults): sentences wrapped at the output's width with their
/// indent (<see cref="NarrowLayout.Wrap"/>), everything else (JSON, CSV, tables, command lines to copy) through
/// <see cref="Writer"/> exactly as it is. The width is <see cref="CommandOutput.Width"/>: COLUMNS, the terminal's, or 80.
/// </summary>
internal sealed class ProseWriter(TextWriter writer, int width)
{
    /// <summary>Lines that must not be wrapped: JSON, CSV, tables, a command to copy.</summary>
    public TextWriter Writer { get; } = writer;

    /// <summary>The width sentences are wrapped at.</summary>
    public int Width { get; } = width;

    /// <summary>A sentence (or a few), wrapped; continuation lines keep <paramref name="indent"/>, plus
    /// <paramref name="hanging"/> to line up under a label.</summary>
    public void Line(string text, int indent = 0, int hanging = 0)
    {
        foreach (string line in NarrowLayout.Wrap(text, Width, indent, hanging)) Writer.WriteLine(line);
    }

    /// <summary>An empty line.</summary>
    public void Line() => Writer.WriteLine();
}
