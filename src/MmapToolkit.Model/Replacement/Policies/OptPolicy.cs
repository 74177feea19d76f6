namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Belady's MIN (OPT): the victim is the resident page whose next reference is farthest in the future (never again =
/// infinitely far); ties go to the lowest frame number, which reproduces the notes' table. It needs the future, so it
/// is built for one trace and must see every reference of that trace in order (each <see cref="OnHit"/> or
/// <see cref="OnLoad"/> is one step). An indexed heap over frames keyed by next use (<see cref="KeyedFrameHeap"/>) makes each step O(log k).
/// </summary>
public sealed class OptPolicy : IReplacementPolicy
{
    private const int Never = int.MaxValue;
    private readonly int[] _nextUse;            // per trace position: position of the next reference to the same page
    private readonly KeyedFrameHeap _heap;      // frames by -(next use of its page), then frame number
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
        _heap = new KeyedFrameHeap(frames);
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

    // The victim is on top: the farthest next use (the smallest negated key), ties to the lowest frame number.
    public void OnLoad(int frame, long page) => _heap.Set(frame, -(long)Step(), frame);

    public void OnHit(int frame) => _heap.Set(frame, -(long)Step(), frame);

    public int ChooseVictim(long incomingPage) => _heap.Top;

    public void OnRemove(int frame) => _heap.Remove(frame);

    private int Step()
    {
        if (_time >= _nextUse.Length)
            throw new InvalidOperationException("OPT saw more references than the trace it was built for");
        return _nextUse[_time++];
    }
}
