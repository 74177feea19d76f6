using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// What the renderers share so that an 80-column terminal or a pipe reads well: the test for "narrow" (below
/// <see cref="CommandOutput.NarrowBelow"/> columns), the narrow layout's table shape, and text wrapped with its indent.
/// </summary>
internal static class NarrowLayout
{
    public static bool IsNarrow(this IAnsiConsole console) => console.Profile.Width < CommandOutput.NarrowBelow;

    /// <summary>The narrow table shape: a rule under the header, no outer box, one space after each cell. It gives the
    /// cells most of an 80-column line, so they keep their words whole instead of wrapping a letter or two at a time.</summary>
    public static Table Tight(this Table table)
    {
        table.Border(TableBorder.Simple);
        foreach (var column in table.Columns) column.Padding = new Padding(0, 0, 1, 0);
        return table;
    }

    /// <summary><see cref="Tight"/> when <paramref name="narrow"/>, else the table as it is.</summary>
    public static Table TightWhen(this Table table, bool narrow) => narrow ? table.Tight() : table;

    /// <summary>A line of markup wrapped at the console's width with every line indented by <paramref name="indent"/>
    /// (a plain MarkupLine wraps back to column 0, under the indent).</summary>
    public static void IndentedLine(this IAnsiConsole console, string markup, int indent = 2)
        => console.Write(new Padder(new Markup(markup), new Padding(indent, 0, 0, 0)));
}
