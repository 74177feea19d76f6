namespace MmapToolkit.Cli.Linux.Tests.Support;

/// <summary>A command's --csv output read back here (RFC 4180: quoted cells, doubled quotes), without the toolkit's code.</summary>
internal static class CsvRows
{
    public static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        foreach (string line in csv.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            var cells = new List<string>();
            var cell = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
                else cell.Append(c);
            }
            cells.Add(cell.ToString());
            rows.Add([.. cells]);
        }
        return rows;
    }
}
