namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>The trace formats the simulator reads (docs/traces.md describes each).</summary>
public enum TraceFormat
{
    /// <summary>Decide from the magic number, the file name and the first lines.</summary>
    Auto,
    /// <summary>Page numbers separated by whitespace or commas; 'w' after a number marks a store; '#' starts a comment.</summary>
    Plain,
    /// <summary>Byte addresses (decimal or 0x-hex), turned into pages by the page size; 'w' marks a store.</summary>
    Addresses,
    /// <summary>valgrind --tool=lackey --trace-mem=yes output.</summary>
    Lackey,
    /// <summary>Comma-separated values, libCacheSim style: one column holds the object (page) id.</summary>
    Csv,
    /// <summary>libCacheSim's oracleGeneral binary records (uint32 time, uint64 id, uint32 size, int64 next access).</summary>
    OracleGeneral,
    /// <summary>The toolkit's own page trace: a 16-byte header, then one little-endian uint64 per reference.</summary>
    Binary,
}

/// <summary>Names of <see cref="TraceFormat"/> as the command line spells them.</summary>
public static class TraceFormats
{
    public static readonly string[] Names = ["auto", "plain", "addresses", "lackey", "csv", "oracleGeneral", "binary"];

    public static string Name(TraceFormat format) => Names[(int)format];

    public static TraceFormat Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = Array.FindIndex(Names, n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (i < 0) throw new ArgumentException($"--format: unknown trace format '{text}' (one of {string.Join(", ", Names)})");
        return (TraceFormat)i;
    }
}
