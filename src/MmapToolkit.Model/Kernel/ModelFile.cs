namespace MmapToolkit.Model.Kernel;

/// <summary>
/// A file of the model's in-memory file system: its bytes "on disk", its pages in the page cache, and the counts
/// ETXTBSY needs: how many processes are executing it, and how many descriptors and mappings have it open for writing.
/// </summary>
public sealed class ModelFile
{
    private byte[] _disk;

    internal ModelFile(int id, string path, byte[] contents, ProgramImage? image, bool hidden)
    {
        Id = id;
        Path = path;
        _disk = contents;
        Image = image;
        IsAnonymousShared = hidden;
    }

    internal int Id { get; }
    public string Path { get; }
    public long Length => _disk.LongLength;
    /// <summary>Set for programs and libraries.</summary>
    public ProgramImage? Image { get; }
    /// <summary>A hidden object backing a MAP_SHARED|MAP_ANONYMOUS region (its "disk" is swap).</summary>
    public bool IsAnonymousShared { get; }

    /// <summary>A memory file (memfd, tmpfs): its pages live in memory, so bringing one into a frame reads no disk.</summary>
    public bool IsInMemory { get; internal set; }
    /// <summary>Processes currently running this program.</summary>
    public int ExecutingCount { get; internal set; }
    /// <summary>Descriptors open for writing.</summary>
    public int WritersCount { get; internal set; }
    /// <summary>
    /// Regions mapped through a descriptor open for writing: each keeps the file open for writing after the descriptor
    /// is closed, as a vma holds its struct file, until the region is unmapped.
    /// </summary>
    public int WriterMappings { get; internal set; }
    /// <summary>Open for writing by a descriptor or a mapping: execve of the file fails with ETXTBSY.</summary>
    public bool IsOpenForWriting => WritersCount > 0 || WriterMappings > 0;

    /// <summary>Page index -> frame, for the file's pages that are in memory.</summary>
    internal readonly Dictionary<long, int> PageCache = new();
    /// <summary>For a hidden shared-anonymous object: pages written out (to "swap") at least once.</summary>
    internal readonly HashSet<long> SwappedOut = new();
    public int CachedPages => PageCache.Count;
    public bool IsCached(long pageIndex) => PageCache.ContainsKey(pageIndex);

    /// <summary>The bytes on disk (what a reader would see after a crash: no dirty page-cache data).</summary>
    public byte[] DiskContents() => (byte[])_disk.Clone();

    internal ReadOnlySpan<byte> Disk => _disk;

    internal void ReadPage(long index, byte[] page)
    {
        Array.Clear(page);
        long start = index * page.Length;
        if (start >= _disk.LongLength) return;
        int n = (int)Math.Min(page.Length, _disk.LongLength - start);
        Array.Copy(_disk, start, page, 0, n);
    }

    internal void WritePage(long index, byte[] page)
    {
        long start = index * page.Length;
        if (start >= _disk.LongLength) return;   // writes past the end never extend a file
        int n = (int)Math.Min(page.Length, _disk.LongLength - start);
        Array.Copy(page, 0, _disk, start, n);
    }

    internal void WriteBytes(long offset, ReadOnlySpan<byte> data)
    {
        if (offset + data.Length > _disk.LongLength) Array.Resize(ref _disk, checked((int)(offset + data.Length)));
        data.CopyTo(_disk.AsSpan(checked((int)offset)));
    }

    internal void Truncate() => _disk = [];

    public override string ToString() => Path;
}
