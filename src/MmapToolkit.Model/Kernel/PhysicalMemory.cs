namespace MmapToolkit.Model.Kernel;

/// <summary>What a physical frame currently holds.</summary>
public enum FrameUse
{
    Free,
    /// <summary>Private memory of one or more processes (shared copy-on-write after fork).</summary>
    Anonymous,
    /// <summary>A page of a file in the page cache (shared by every process mapping that file page).</summary>
    PageCache,
}

/// <summary>One process's page-table entry pointing at a frame (the reverse map eviction walks).</summary>
public readonly record struct FrameMapping(Process Process, long Vpn);

/// <summary>Bookkeeping for one physical frame.</summary>
public sealed class FrameInfo
{
    internal FrameInfo(int number) => Number = number;

    public int Number { get; }
    public FrameUse Use { get; internal set; }
    internal byte[]? Data;
    internal readonly List<FrameMapping> Mappings = new();
    /// <summary>Every page-table entry mapping this frame.</summary>
    public IReadOnlyList<FrameMapping> Mappers => Mappings;
    /// <summary>The share count: how many page-table entries map this frame.</summary>
    public int ShareCount => Mappings.Count;
    /// <summary>For a page-cache frame: the file and page index.</summary>
    public ModelFile? File { get; internal set; }
    public long FileIndex { get; internal set; }
    /// <summary>Written since it was loaded (or last written back / swapped out).</summary>
    public bool Dirty { get; internal set; }
    /// <summary>For an anonymous frame: the swap slot that still holds a valid copy of it (swap cache), or -1.</summary>
    public int SwapSlot { get; internal set; } = -1;
    /// <summary>Identity of the logical page held, given to the replacement policy.</summary>
    internal long PageKey;
    internal bool WritebackQueued;
}

/// <summary>
/// The machine's physical frames, the frame allocator (lowest-numbered free frame first, as in the trace simulator) and
/// each frame's share count and reverse map. The zero page lives outside the pool: <see cref="ZeroFrame"/>.
/// </summary>
public sealed class PhysicalMemory
{
    /// <summary>The frame number page-table entries use for the shared, read-only zero page.</summary>
    public const int ZeroFrame = -2;

    private readonly FrameInfo[] _frames;
    private readonly SortedSet<int> _free;

    internal PhysicalMemory(int frames, int pageSize)
    {
        PageSize = pageSize;
        _frames = new FrameInfo[frames];
        for (int i = 0; i < frames; i++) _frames[i] = new FrameInfo(i);
        _free = new SortedSet<int>(Enumerable.Range(0, frames));
        ZeroPage = new byte[pageSize];
    }

    public int PageSize { get; }
    public int Frames => _frames.Length;
    public int FreeFrames => _free.Count;
    public int UsedFrames => _frames.Length - _free.Count;
    internal byte[] ZeroPage { get; }

    public FrameInfo this[int frame] => _frames[frame];

    /// <summary>The share count of a frame (0 for a free frame or a cached file page nobody maps).</summary>
    public int ShareCount(int frame) => _frames[frame].ShareCount;

    /// <summary>A copy of a frame's contents (the zero page reads as zeros).</summary>
    public byte[] Contents(int frame) => frame == ZeroFrame ? new byte[PageSize] : (byte[])DataOf(frame).Clone();

    internal byte[] DataOf(int frame) => frame == ZeroFrame ? ZeroPage : (_frames[frame].Data ??= new byte[PageSize]);

    internal bool IsOnFreeList(int frame) => _free.Contains(frame);

    internal bool TryTakeFree(out int frame)
    {
        if (_free.Count == 0) { frame = -1; return false; }
        frame = _free.Min;
        _free.Remove(frame);
        return true;
    }

    internal void Release(int frame)
    {
        var f = _frames[frame];
        f.Use = FrameUse.Free;
        f.File = null;
        f.FileIndex = 0;
        f.Dirty = false;
        f.SwapSlot = -1;
        f.WritebackQueued = false;
        f.Mappings.Clear();
        _free.Add(frame);
    }
}
