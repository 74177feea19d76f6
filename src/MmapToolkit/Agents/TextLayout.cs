namespace MmapToolkit.Agents;

/// <summary>
/// Where textprog's block of text pages lies in the program file: <see cref="Pages"/> functions, each on its own
/// page, <see cref="Stride"/> bytes apart, the first at <see cref="FileOffset"/>. Page i of the block is what
/// <c>textprog i</c> executes.
/// </summary>
public sealed record TextLayout(long FileOffset, int Pages, int Stride)
{
    /// <summary>Parses textprog's <c>--print-layout</c> line: <c>file_offset=0x3000 pages=32 stride=4096</c>.</summary>
    public static TextLayout Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);
        if (!fields.TryGetValue("file_offset", out var offset) || !offset.StartsWith("0x", StringComparison.Ordinal)
            || !fields.TryGetValue("pages", out var pages) || !fields.TryGetValue("stride", out var stride))
            throw new FormatException($"not a textprog layout line (want 'file_offset=0x... pages=N stride=N'): '{line}'");
        return new TextLayout(Convert.ToInt64(offset[2..], 16), int.Parse(pages), int.Parse(stride));
    }
}
