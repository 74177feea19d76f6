namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Belady's MIN (OPT): the victim is the resident page whose next reference is farthest in the future (never again =
/// infinitely far); ties go to the lowest frame number, which reproduces the notes' table. It needs the future, so it
/// is built for one trace and must see every reference of that trace in order (each <see cref="OnHit"/> or
/// <see cref="OnLoad"/> is one step). An indexed heap over frames keyed by next use makes each step O(log k).
/// </summary>
public sealed class OptPolicy : IReplacementPolicy
{
    private const int Never = int.MaxValue;
    private readonly int[] _nextUse;      // per trace position: position of the next reference to the same page
    private readonly int[] _key;          // per frame: next use of its page
    private readonly int[] _heap;         // frames, max-heap on (key, -frame)
    private readonly int[] _pos;          // per frame: index in _heap, -1 if absent
    private int _count;
    private int _time;

    /// <param name="frames">Number of frames.</param>
    /// <param name="nextUse">For each trace position i, the position of the next reference to the same page, or
    /// <see cref="int.MaxValue"/> if there is none (see <see cref="NextUses"/>).</param>
    public OptPolicy(int frames, int[] nextUse)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentNullException.ThrowIfNull(nextUse);
        Frames = frames;
        _nextUse = nextUse;
        _key = new int[frames];
        _heap = new int[frames];
        _pos = new int[frames];
        Array.Fill(_pos, -1);
    }

    /// <summary>Next-use positions of a trace given as dense page ids 0..distinct-1, in one backward pass.</summary>
    public static int[] NextUses(ReadOnlySpan<int> ids, int distinct)
    {
        var next = new int[ids.Length];
        var seen = new int[distinct];
        Array.Fill(seen, Never);
        for (int i = ids.Length - 1; i >= 0; i--)
        {
            next[i] = seen[ids[i]];
            seen[ids[i]] = i;
        }
        return next;
    }

    public string Name => "opt";
    public int Frames { get; }

    public void OnLoad(int frame, long page)
    {
        _key[frame] = Step();
        _heap[_count] = frame;
        _pos[frame] = _count++;
        SiftUp(_pos[frame]);
    }

    public void OnHit(int frame)
    {
        int old = _key[frame];
        _key[frame] = Step();
        // The new next use is always later than the old one (which was now), so the key only grows.
        if (_key[frame] != old) SiftUp(_pos[frame]);
    }

    public int ChooseVictim(long incomingPage) => _heap[0];

    public void OnRemove(int frame)
    {
        int i = _pos[frame];
        if (i < 0) return;
        _pos[frame] = -1;
        int last = _heap[--_count];
        if (i == _count) return;
        _heap[i] = last;
        _pos[last] = i;
        SiftUp(i);
        SiftDown(_pos[last]);
    }

    private int Step()
    {
        if (_time >= _nextUse.Length)
            throw new InvalidOperationException("OPT saw more references than the trace it was built for");
        return _nextUse[_time++];
    }

    // a ranks above b: later next use, or the same (never) and a lower frame number.
    private bool Above(int a, int b) => _key[a] > _key[b] || (_key[a] == _key[b] && a < b);

    private void SiftUp(int i)
    {
        int f = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            int pf = _heap[parent];
            if (!Above(f, pf)) break;
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
            if (child >= _count) break;
            if (child + 1 < _count && Above(_heap[child + 1], _heap[child])) child++;
            int cf = _heap[child];
            if (!Above(cf, f)) break;
            _heap[i] = cf;
            _pos[cf] = i;
            i = child;
        }
        _heap[i] = f;
        _pos[f] = i;
    }
}
