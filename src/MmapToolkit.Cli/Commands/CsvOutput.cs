using System.Globalization;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>--csv</c>: a header row, then one row per row of the command's table, numbers unformatted (invariant culture,
/// no thousands separators, no units, no rounding beyond the figure's own); booleans true/false; a missing figure
/// empty; a cell holding a comma, a quote or a newline quoted (RFC 4180).
/// </summary>
internal static class CsvOutput
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        output.WriteLine(string.Join(',', header.Select(Quote)));
        foreach (var row in rows)
        {
            if (row.Count != header.Count) throw new InvalidOperationException($"a CSV row of {row.Count} cells under a header of {header.Count}");
            output.WriteLine(string.Join(',', row.Select(Cell)));
        }
    }

    internal static string Cell(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
