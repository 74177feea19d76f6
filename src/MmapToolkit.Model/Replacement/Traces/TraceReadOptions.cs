namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>How to read a trace: its format, and what the address and csv formats need.</summary>
/// <param name="Format">The format, or <see cref="TraceFormat.Auto"/> to detect it.</param>
/// <param name="PageSize">Bytes per page for addresses and lackey (a power of two).</param>
/// <param name="CsvColumn">The csv column (1-based) holding the page id; null: the header's id column, or the only column.</param>
public sealed record TraceReadOptions(TraceFormat Format = TraceFormat.Auto, long PageSize = 4096, int? CsvColumn = null)
{
    /// <summary>log2 of <see cref="PageSize"/>, after checking it is a power of two.</summary>
    public int PageShift
    {
        get
        {
            if (PageSize < 1 || (PageSize & (PageSize - 1)) != 0 || PageSize > (1L << 40))
                throw new ArgumentException($"--page-size must be a power of two from 1 to 2^40 bytes, got {PageSize}");
            return System.Numerics.BitOperations.Log2((ulong)PageSize);
        }
    }
}
