namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Least (or, with <c>mostFrequent</c>, most) frequently used: each resident page counts its references since it was
/// loaded; the victim has the smallest (largest, for MFU) count, ties going to the page loaded earliest. With
/// <see cref="LfuTies.Reached"/> ties go instead to the page that reached its count earliest (libCacheSim's LFU.c, FIFO
/// within a frequency). An indexed heap over the frames keeps the victim on top, so each step is O(log k) however many
/// frames there are.
/// </summary>
public class LfuPolicy : IReplacementPolicy
{
    private readonly long[] _count;
    private readonly long[] _loadedAt;   // the tie stamp: when loaded, or with Reached when the count was last raised
    private readonly int[] _heap;   // occupied frames, the victim first
    private readonly int[] _pos;    // per frame: index in _heap, -1 if free
    private readonly bool _mostFrequent;
    private readonly bool _stampOnHit;
    private int _size;
    private long _clock;

    public LfuPolicy(int frames, LfuTies ties = LfuTies.Loaded) : this(frames, mostFrequent: false, ties) { }

    protected LfuPolicy(int frames, bool mostFrequent, LfuTies ties = LfuTies.Loaded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _mostFrequent = mostFrequent;
        Ties = ties;
        _stampOnHit = ties == LfuTies.Reached;
        _count = new long[frames];
        _loadedAt = new long[frames];
        _heap = new int[frames];
        _pos = new int[frames];
        Array.Fill(_pos, -1);
    }

    public virtual string Name => "lfu";
    public int Frames { get; }
    public LfuTies Ties { get; }

    /// <summary>References to the page in <paramref name="frame"/> since it was loaded.</summary>
    public long Count(int frame) => _count[frame];

    public void OnLoad(int frame, long page)
    {
        if (_pos[frame] >= 0) OnRemove(frame);   // loaded again without a removal: a fresh page all the same
        _count[frame] = 1;
        _loadedAt[frame] = _clock++;
        _heap[_size] = frame;
        _pos[frame] = _size++;
        SiftUp(_pos[frame]);
    }

    public void OnHit(int frame)
    {
        _count[frame]++;
        if (_stampOnHit) _loadedAt[frame] = _clock++;
        if (_pos[frame] < 0) return;
        // A larger count moves a frame away from the top for LFU and toward it for MFU (a newer stamp only
        // reorders it among equal counts, which it has just left).
        if (_mostFrequent) SiftUp(_pos[frame]);
        else SiftDown(_pos[frame]);
    }

    public int ChooseVictim(long incomingPage) => _size > 0 ? _heap[0] : -1;

    public void OnRemove(int frame)
    {
        int i = _pos[frame];
        _count[frame] = 0;
        if (i < 0) return;
        _pos[frame] = -1;
        int last = _heap[--_size];
        if (i == _size) return;
        _heap[i] = last;
        _pos[last] = i;
        SiftUp(i);
        SiftDown(_pos[last]);
    }

    // a is the better victim: the smaller (MFU: larger) count, then the earlier stamp (stamps are unique).
    private bool Before(int a, int b)
    {
        long ca = _count[a], cb = _count[b];
        if (ca != cb) return _mostFrequent ? ca > cb : ca < cb;
        return _loadedAt[a] < _loadedAt[b];
    }

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
            if (child >= _size) break;
            if (child + 1 < _size && Before(_heap[child + 1], _heap[child])) child++;
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

/// <summary>Most frequently used: the victim has the largest reference count since it was loaded (the argument: a page
/// used a lot has probably had its turn). Ties go to the page loaded earliest.</summary>
public sealed class MfuPolicy : LfuPolicy
{
    public MfuPolicy(int frames, LfuTies ties = LfuTies.Loaded) : base(frames, mostFrequent: true, ties) { }
    public override string Name => "mfu";
}
