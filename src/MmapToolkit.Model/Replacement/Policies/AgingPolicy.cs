namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Aging, the software approximation of LRU in Tanenbaum's "Modern Operating Systems" (section 3.4.7): each page has an
/// n-bit counter and a reference bit. A load or a hit sets the reference bit. After every P references the clock ticks:
/// each resident page's counter shifts right by one and its reference bit enters at the top (bit n−1), then the bit is
/// cleared. The victim has the smallest value of (reference bit, counter), the reference bit counting above the
/// counter's top bit (a page referenced since the last tick is more recent than any that was not); equal values go to
/// the page loaded earliest. A new page starts with counter 0 and its bit set. A tick costs O(resident pages) (every
/// counter changes); between ticks a reference costs O(log k). Defaults: n = 8, P = F.
/// </summary>
public sealed class AgingPolicy : IReplacementPolicy
{
    private readonly KeyedFrameHeap _heap;   // key = referenced << bits | counter
    private readonly long _period;
    private long _references;
    private long _loads;

    public AgingPolicy(int frames, int bits = 8, long period = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (bits is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(bits), bits, "an aging counter has 1 to 32 bits");
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        Frames = frames;
        Bits = bits;
        _period = period > 0 ? period : frames;
        _heap = new KeyedFrameHeap(frames);
    }

    public string Name => "aging";
    public int Frames { get; }
    public int Bits { get; }

    /// <summary>References between two ticks.</summary>
    public long Period => _period;

    /// <summary>The page's counter (the reference bit not included).</summary>
    public long Counter(int frame) => _heap.Key(frame) & ((1L << Bits) - 1);

    /// <summary>Whether the page was referenced since the last tick.</summary>
    public bool Referenced(int frame) => (_heap.Key(frame) >> Bits) != 0;

    public void OnLoad(int frame, long page)
    {
        _heap.Set(frame, 1L << Bits, _loads++);
        Referenced();
    }

    public void OnHit(int frame)
    {
        long key = _heap.Key(frame);
        if (key >> Bits == 0) _heap.Set(frame, key | (1L << Bits), _heap.Tie(frame));
        Referenced();
    }

    public int ChooseVictim(long incomingPage) => _heap.Top;

    public void OnRemove(int frame) => _heap.Remove(frame);

    private void Referenced()
    {
        if (++_references % _period != 0) return;
        // The tick: counter = counter >> 1 | R << (n−1); R = 0. Every key changes, so the heap is rebuilt (O(k)).
        long counterMask = (1L << Bits) - 1;
        for (int i = 0; i < _heap.Count; i++)
        {
            int f = _heap.At(i);
            long key = _heap.Key(f);
            long r = key >> Bits;
            _heap.SetKeyUnordered(f, (r << (Bits - 1)) | ((key & counterMask) >> 1));
        }
        _heap.Rebuild();
    }
}
