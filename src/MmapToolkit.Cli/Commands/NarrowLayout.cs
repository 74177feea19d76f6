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

    /// <summary>The columns a boxed table (Spectre's default border, one space either side of a cell) takes with every
    /// cell on one line: the widest header or cell of each column, plus three per column and one. Markup is measured as
    /// the text it shows.</summary>
    public static int BoxedWidth(Table table)
    {
        var widths = table.Columns.Select(c => c.Header is Markup m ? m.Length : 0).ToArray();
        foreach (var row in table.Rows)
        {
            int i = 0;
            foreach (var cell in row)
            {
                if (cell is Markup m) widths[i] = Math.Max(widths[i], m.Length);
                i++;
            }
        }
        return widths.Sum() + 3 * widths.Length + 1;
    }

    /// <summary>A line of markup wrapped at the console's width with every line indented by <paramref name="indent"/>
    /// (a plain MarkupLine wraps back to column 0, under the indent).</summary>
    public static void IndentedLine(this IAnsiConsole console, string markup, int indent = 2)
        => console.Write(new Padder(new Markup(markup), new Padding(indent, 0, 0, 0)));

    /// <summary>
    /// Plain text (no markup) broken into lines of at most <paramref name="width"/> columns at its spaces, the first line
    /// indented by <paramref name="indent"/> spaces and the others by <paramref name="indent"/> + <paramref name="hanging"/>.
    /// Words are never cut: one longer than a line (a path, a long number) stands whole on a line of its own. Spaces inside
    /// a line are kept as they are; those at a break go.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width, int indent = 0, int hanging = 0)
    {
        string first = new(' ', indent), rest = new(' ', indent + hanging);
        var line = new System.Text.StringBuilder(first);
        bool empty = true;
        int i = 0;
        while (i < text.Length)
        {
            int spaceStart = i;
            while (i < text.Length && text[i] == ' ') i++;
            int wordStart = i;
            while (i < text.Length && text[i] != ' ') i++;
            if (wordStart == i) break;   // trailing spaces
            string spaces = text[spaceStart..wordStart], word = text[wordStart..i];
            if (!empty && line.Length + spaces.Length + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(rest);
                spaces = "";
            }
            line.Append(empty ? "" : spaces).Append(word);
            empty = false;
        }
        yield return line.ToString();
    }

    /// <summary>The last path element of a file's name ("/usr/lib/x86_64-linux-gnu/libc.so.6" gives "libc.so.6"), for a
    /// narrow table's name column; "[heap]", "anonymous" and the empty name stay as they are.</summary>
    public static string FileName(string name) => name.StartsWith('/') ? Path.GetFileName(name) : name;
}
