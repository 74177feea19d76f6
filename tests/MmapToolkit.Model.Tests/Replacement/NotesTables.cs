namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>The frame tables printed in the course notes (seeds/004), copied verbatim into TestData.</summary>
internal static class NotesTables
{
    public const string ReferenceString = "0 1 2 3 0 1 4 0 1 2 3 4";

    private static readonly Lazy<IReadOnlyList<string[]>> All = new(Load);

    /// <summary>In the notes' order: FIFO with 3 frames, FIFO with 4, OPT with 3, LRU with 3.</summary>
    public static string[] Fifo3 => All.Value[0];
    public static string[] Fifo4 => All.Value[1];
    public static string[] Opt3 => All.Value[2];
    public static string[] Lru3AsPrinted => All.Value[3];

    private static IReadOnlyList<string[]> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "notes-replacement-tables.txt");
        var tables = new List<string[]>();
        List<string>? current = null;
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith("Reference string:", StringComparison.Ordinal))
            {
                current = [line];
                tables.Add([]);
            }
            else if (current is not null && line.StartsWith("physical page", StringComparison.Ordinal))
            {
                current.Add(line);
            }
            else
            {
                current = null;
            }
            if (current is not null) tables[^1] = current.ToArray();
        }
        Assert.Equal(4, tables.Count);
        return tables;
    }
}
