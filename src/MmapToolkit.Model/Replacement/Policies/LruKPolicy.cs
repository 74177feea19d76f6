namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LRU-K with K = 2 (O'Neil, O'Neil and Weikum, "The LRU-K Page Replacement Algorithm For Database Disk Buffering",
/// SIGMOD 1993). Time counts references. The victim is the page whose backward 2-distance is largest: the page whose
/// second most recent reference is oldest. A page referenced only once so far has an infinite distance; several such
/// pages go in LRU order of their one reference (the paper's subsidiary policy). History is retained: a page loaded
/// again remembers its last reference before it was evicted, which becomes its second most recent one (the paper's
/// HIST blocks, kept for the whole run: Retained Information Period = ∞). Correlated Reference Period = 0: every
/// reference counts. An indexed heap keeps the victim on top, O(log k) per reference.
/// </summary>
public sealed class LruKPolicy : IReplacementPolicy
{
    private const long Never = -1;   // no second reference yet: infinite backward distance, before every finite one
    private readonly KeyedFrameHeap _heap;
    private readonly long[] _last;
    private readonly long[] _pageOfFrame;
    private readonly Dictionary<long, long> _retained = new();   // page → its last reference while it was resident
    private long _now;

    public LruKPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _heap = new KeyedFrameHeap(frames);
        _last = new long[frames];
        _pageOfFrame = new long[frames];
    }

    public string Name => "lru2";
    public int Frames { get; }

    /// <summary>The time (1-based reference number) of the page's second most recent reference, or -1 if it has none.</summary>
    public long SecondLast(int frame) => _heap.Key(frame);

    public void OnLoad(int frame, long page)
    {
        _now++;
        _pageOfFrame[frame] = page;
        long second = _retained.Remove(page, out long previous) ? previous : Never;
        _last[frame] = _now;
        _heap.Set(frame, second, _now);
    }

    public void OnHit(int frame)
    {
        _now++;
        long second = _last[frame];
        _last[frame] = _now;
        _heap.Set(frame, second, _now);
    }

    public int ChooseVictim(long incomingPage) => _heap.Top;

    public void OnRemove(int frame)
    {
        if (!_heap.Contains(frame)) return;
        _retained[_pageOfFrame[frame]] = _last[frame];
        _heap.Remove(frame);
    }
}
