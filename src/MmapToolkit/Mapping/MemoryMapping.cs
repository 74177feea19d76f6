using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Mapping;

/// <summary>
/// One mmap'd range, unmapped on <see cref="Dispose"/> (exactly once, even if disposed twice or finalized).
/// Built with <see cref="MappingOptions"/>. Memory is reached through spans; protection, advice, msync and
/// residency (mincore) work on the whole range or on a page-granular <see cref="Pages"/> slice.
/// Any use after dispose throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class MemoryMapping : IDisposable
{
    /// <summary>The machine's page size (sysconf(_SC_PAGESIZE)).</summary>
    public static int SystemPageSize { get; } = Environment.SystemPageSize;

    private readonly MappingHandle _handle;

    internal MemoryMapping(MappingHandle handle, long length, Protection protection, bool shared, string? filePath,
                           (long Minor, long Major) faultsWhileMapping)
    {
        _handle = handle;
        Length = length;
        Protection = protection;
        IsShared = shared;
        FilePath = filePath;
        (MinorFaultsWhileMapping, MajorFaultsWhileMapping) = faultsWhileMapping;
    }

    /// <summary>
    /// Page faults the mmap call itself took on the calling thread: 0 for a plain mapping (pages come on demand), one
    /// per page with <see cref="MappingOptions.Populate"/> (Linux pre-pages through its own fault path and counts it).
    /// </summary>
    public long MinorFaultsWhileMapping { get; }

    /// <summary>Of those, the faults that waited for I/O.</summary>
    public long MajorFaultsWhileMapping { get; }

    /// <summary>Start address of the range (page-aligned).</summary>
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>Length in bytes as requested; the kernel maps whole pages.</summary>
    public long Length { get; private set; }

    /// <summary>The page size (<see cref="SystemPageSize"/>).</summary>
    public int PageSize => SystemPageSize;

    /// <summary>Pages the mapping covers: <see cref="Length"/> rounded up to whole pages.</summary>
    public int PageCount => checked((int)((Length + PageSize - 1) / PageSize));

    /// <summary>The protection of the whole range as last set through this object.</summary>
    public Protection Protection { get; private set; }

    /// <summary>True for MAP_SHARED (writes reach the file or other processes), false for MAP_PRIVATE (copy-on-write).</summary>
    public bool IsShared { get; }

    /// <summary>The mapped file's path, when mapped by path; null for anonymous mappings or mappings of a handle.</summary>
    public string? FilePath { get; }

    /// <summary>True once <see cref="Dispose"/> has unmapped the range.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The whole mapping. For mappings over 2 GiB use <see cref="GetSpan"/> or <see cref="Page"/>.</summary>
    public unsafe Span<byte> Span
    {
        get
        {
            if (Length > int.MaxValue)
                throw new InvalidOperationException($"the mapping is {Length} bytes, more than one Span can hold: use GetSpan(offset, length) or Page(index)");
            return new Span<byte>((void*)Address, (int)Length);
        }
    }

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>; throws <see cref="ArgumentOutOfRangeException"/>
    /// if they reach outside the mapping.</summary>
    public unsafe Span<byte> GetSpan(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes [{offset}, {offset + length}) are outside the mapping's {Length} bytes");
        return new Span<byte>((void*)(Address + (nint)offset), length);
    }

    /// <summary>Page <paramref name="index"/> as a span (the last page may be short).</summary>
    public Span<byte> Page(int index)
    {
        CheckPages(index, 1);
        long offset = (long)index * PageSize;
        return GetSpan(offset, (int)Math.Min(PageSize, Length - offset));
    }

    /// <summary>A page-granular slice: pages [firstPage, firstPage + pageCount).</summary>
    public MappingSlice Pages(int firstPage, int pageCount)
    {
        CheckPages(firstPage, pageCount);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new MappingSlice(this, firstPage, pageCount);
    }

    /// <summary>mprotect over the whole range; <see cref="Protection"/> then reports it.</summary>
    public void Protect(Protection protection)
    {
        PageRangeCalls.Protect(Address, Length, protection);
        Protection = protection;
    }

    /// <summary>madvise over the whole range.</summary>
    public void Advise(Advice advice) => PageRangeCalls.Advise(Address, Length, advice);

    /// <summary>msync over the whole range: a shared file mapping's dirty pages go back to the file, as <paramref name="flags"/> say.</summary>
    public void Sync(SyncFlags flags) => PageRangeCalls.Sync(Address, Length, flags);

    /// <summary>mincore: one entry per page, true when resident.</summary>
    public bool[] Residency() => PageRangeCalls.Residency(Address, Length, PageSize);

    /// <summary>mremap: grow or shrink the mapping; the kernel may move it (MREMAP_MAYMOVE), so spans taken before are stale.</summary>
    public void Resize(long newLength)
    {
        if (newLength <= 0) throw new ArgumentOutOfRangeException(nameof(newLength), newLength, "mapping length must be positive");
        nint moved = Libc.Mremap(Address, (nuint)Length, (nuint)newLength, MmanConstants.MREMAP_MAYMOVE, 0);
        if (moved == MmanConstants.MAP_FAILED)
            throw SyscallException.FromLastError($"mremap({CallText.Hex(Address)}, {Length}, {newLength}, MAYMOVE)");
        _handle.Moved(moved, (nuint)newLength);
        Length = newLength;
    }

    /// <summary>
    /// Maps page <paramref name="fileOffset"/> of <paramref name="file"/> over page <paramref name="page"/> of this
    /// mapping (MAP_FIXED | MAP_SHARED): any frame of the file can appear at any page, in any order. The mapping
    /// keeps owning the whole range; dispose unmaps it, overlays included.
    /// </summary>
    public void RemapPage(int page, Microsoft.Win32.SafeHandles.SafeFileHandle file, long fileOffset, Protection protection)
    {
        CheckPages(page, 1);
        ArgumentNullException.ThrowIfNull(file);
        if (fileOffset < 0 || fileOffset % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(fileOffset), fileOffset, $"file offset must be a non-negative multiple of the page size ({PageSize})");
        nint target = Address + (nint)((long)page * PageSize);
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            int fd = (int)file.DangerousGetHandle();
            nint placed = Libc.Mmap(target, (nuint)PageSize, (int)protection,
                MmanConstants.MAP_SHARED | MmanConstants.MAP_FIXED, fd, fileOffset);
            if (placed == MmanConstants.MAP_FAILED)
                throw SyscallException.FromLastError(
                    $"mmap({CallText.Hex(target)}, {PageSize}, {CallText.Protection(protection)}, SHARED|FIXED, fd {fd}, {fileOffset})");
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    /// <summary>munmap: unmaps the range (once; later calls do nothing). Spans taken from it must not be used afterwards.</summary>
    public void Dispose() => _handle.Dispose();

    internal void CheckPages(int firstPage, int pageCount)
    {
        if (firstPage < 0 || pageCount < 1 || (long)firstPage + pageCount > PageCount)
            throw new ArgumentOutOfRangeException(nameof(firstPage),
                $"pages [{firstPage}, {(long)firstPage + pageCount}) are outside the mapping's {PageCount} pages");
    }

    /// <summary>"shared|private FILE|anonymous mapping of N bytes, PROTECTION".</summary>
    public override string ToString() =>
        $"{(IsShared ? "shared" : "private")} {(FilePath is null ? "anonymous" : FilePath)} mapping of {Length} bytes, {CallText.Protection(Protection)}";
}
