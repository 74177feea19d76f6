namespace MmapToolkit.Mapping;

/// <summary>
/// Pages [FirstPage, FirstPage + PageCount) of a <see cref="MemoryMapping"/>. Valid only while the mapping is:
/// every call checks it has not been disposed.
/// </summary>
public readonly struct MappingSlice
{
    private readonly MemoryMapping _mapping;

    internal MappingSlice(MemoryMapping mapping, int firstPage, int pageCount)
    {
        _mapping = mapping;
        FirstPage = firstPage;
        PageCount = pageCount;
    }

    /// <summary>Index of the slice's first page in the mapping.</summary>
    public int FirstPage { get; }
    /// <summary>Number of pages in the slice.</summary>
    public int PageCount { get; }

    /// <summary>Address of the slice's first page.</summary>
    public nint Address => _mapping.Address + (nint)((long)FirstPage * _mapping.PageSize);

    /// <summary>Length in bytes: whole pages, except where the slice ends at a mapping's short last page.</summary>
    public long Length => Math.Min((long)PageCount * _mapping.PageSize, _mapping.Length - (long)FirstPage * _mapping.PageSize);

    /// <summary>The slice's bytes as a span.</summary>
    public Span<byte> Span => _mapping.GetSpan((long)FirstPage * _mapping.PageSize, checked((int)Length));

    /// <summary>mprotect: sets the protection of these pages only.</summary>
    public void Protect(Protection protection) => PageRangeCalls.Protect(Address, Length, protection);

    /// <summary>madvise: gives advice for these pages only.</summary>
    public void Advise(Advice advice) => PageRangeCalls.Advise(Address, Length, advice);

    /// <summary>msync of these pages only: a shared file mapping's dirty pages go back to the file, as <paramref name="flags"/> say.</summary>
    public void Sync(SyncFlags flags) => PageRangeCalls.Sync(Address, Length, flags);

    /// <summary>mincore: one entry per page of the slice, true when resident.</summary>
    public bool[] Residency() => PageRangeCalls.Residency(Address, Length, _mapping.PageSize);
}
