namespace MmapToolkit.Model.Replacement;

/// <summary>
/// An indexed min-heap of frames ordered by a key, then a tie-breaker (both longs the owner sets through
/// <see cref="Set"/>): the victim is on top, and a frame's key can change in O(log k). LRU-2, Aging, LFU/MFU and OPT keep theirs here.
/// </summary>
internal sealed class KeyedFrameHeap
{
    private readonly long[] _key;
    private readonly long[] _tie;
    private readonly int[] _heap;
    private readonly int[] _pos;   // per frame: index in _heap, -1 if absent

    public KeyedFrameHeap(int frames)
    {
        _key = new long[frames];
        _tie = new long[frames];
        _heap = new int[frames];
        _pos = new int[frames];
        Array.Fill(_pos, -1);
    }

    public int Count { get; private set; }
    public int Top => Count > 0 ? _heap[0] : -1;
    public bool Contains(int frame) => _pos[frame] >= 0;
    public long Key(int frame) => _key[frame];
    public long Tie(int frame) => _tie[frame];

    /// <summary>The frame at heap index i (0 ≤ i &lt; Count), for a walk over every member.</summary>
    public int At(int i) => _heap[i];

    /// <summary>Adds the frame, or moves it to its new place.</summary>
    public void Set(int frame, long key, long tie)
    {
        _key[frame] = key;
        _tie[frame] = tie;
        int i = _pos[frame];
        if (i < 0)
        {
            i = Count++;
            _heap[i] = frame;
            _pos[frame] = i;
        }
        SiftUp(i);
        SiftDown(_pos[frame]);
    }

    /// <summary>Sets a key without restoring the order; call <see cref="Rebuild"/> after the last one.</summary>
    public void SetKeyUnordered(int frame, long key) => _key[frame] = key;

    /// <summary>Restores the order after <see cref="SetKeyUnordered"/> calls: O(k).</summary>
    public void Rebuild()
    {
        for (int i = Count / 2 - 1; i >= 0; i--) SiftDown(i);
    }

    public void Remove(int frame)
    {
        int i = _pos[frame];
        if (i < 0) return;
        _pos[frame] = -1;
        int last = _heap[--Count];
        if (i == Count) return;
        _heap[i] = last;
        _pos[last] = i;
        SiftUp(i);
        SiftDown(_pos[last]);
    }

    private bool Before(int a, int b) => _key[a] != _key[b] ? _key[a] < _key[b] : _tie[a] < _tie[b];

    private void SiftUp(int i)
    {
        int f = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            int pf = _heap[parent];
            if (!Before(f, pf)) break;
            _heap[i] = pf;
            _pos[pf] = i;
            i = parent;
        }
        _heap[i] = f;
        _pos[f] = i;
    }

    private void SiftDown(int i)
    {
        int f = _heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= Count) break;
            if (child + 1 < Count && Before(_heap[child + 1], _heap[child])) child++;
            int cf = _heap[child];
            if (!Before(cf, f)) break;
            _heap[i] = cf;
            _pos[cf] = i;
            i = child;
        }
        _heap[i] = f;
        _pos[f] = i;
    }
}
