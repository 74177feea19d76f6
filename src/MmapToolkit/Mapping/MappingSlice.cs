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

    public int FirstPage { get; }
    public int PageCount { get; }

    public nint Address => _mapping.Address + (nint)((long)FirstPage * _mapping.PageSize);

    public long Length => Math.Min((long)PageCount * _mapping.PageSize, _mapping.Length - (long)FirstPage * _mapping.PageSize);

    public Span<byte> Span => _mapping.GetSpan((long)FirstPage * _mapping.PageSize, checked((int)Length));

    public void Protect(Protection protection) => PageRangeCalls.Protect(Address, Length, protection);

    public void Advise(Advice advice) => PageRangeCalls.Advise(Address, Length, advice);

    public void Sync(SyncFlags flags) => PageRangeCalls.Sync(Address, Length, flags);

    public bool[] Residency() => PageRangeCalls.Residency(Address, Length, _mapping.PageSize);
}
