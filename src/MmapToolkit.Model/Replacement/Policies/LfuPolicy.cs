namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Least (or, with <c>mostFrequent</c>, most) frequently used: each resident page counts its references since it was
/// loaded; the victim has the smallest (largest, for MFU) count, ties going to the page loaded earliest. With
/// <see cref="LfuTies.Reached"/> ties go instead to the page that reached its count earliest (libCacheSim's LFU.c, FIFO
/// within a frequency). An indexed heap over the frames (<see cref="KeyedFrameHeap"/>) keeps the victim on top, so each step is O(log k) however many
/// frames there are.
/// </summary>
public class LfuPolicy : IReplacementPolicy
{
    private readonly long[] _count;
    private readonly KeyedFrameHeap _heap;   // occupied frames by (count, or -count for MFU; then the tie stamp)
    private readonly bool _mostFrequent;
    private readonly bool _stampOnHit;
    private long _clock;   // the tie stamp: when loaded, or with Reached when the count was last raised

    public LfuPolicy(int frames, LfuTies ties = LfuTies.Loaded) : this(frames, mostFrequent: false, ties) { }

    protected LfuPolicy(int frames, bool mostFrequent, LfuTies ties = LfuTies.Loaded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _mostFrequent = mostFrequent;
        Ties = ties;
        _stampOnHit = ties == LfuTies.Reached;
        _count = new long[frames];
        _heap = new KeyedFrameHeap(frames);
    }

    public virtual string Name => "lfu";
    public int Frames { get; }
    public LfuTies Ties { get; }

    /// <summary>References to the page in <paramref name="frame"/> since it was loaded.</summary>
    public long Count(int frame) => _count[frame];

    public void OnLoad(int frame, long page)
    {
        _count[frame] = 1;   // loaded again without a removal: a fresh page all the same
        _heap.Set(frame, Key(1), _clock++);
    }

    public void OnHit(int frame)
    {
        long count = ++_count[frame];
        if (!_heap.Contains(frame)) return;
        _heap.Set(frame, Key(count), _stampOnHit ? _clock++ : _heap.Tie(frame));
    }

    public int ChooseVictim(long incomingPage) => _heap.Top;

    public void OnRemove(int frame)
    {
        _count[frame] = 0;
        _heap.Remove(frame);
    }

    // The heap puts the smallest key on top: the smallest count for LFU, the largest for MFU.
    private long Key(long count) => _mostFrequent ? -count : count;
}

/// <summary>Most frequently used: the victim has the largest reference count since it was loaded (the argument: a page
/// used a lot has probably had its turn). Ties go to the page loaded earliest.</summary>
public sealed class MfuPolicy : LfuPolicy
{
    public MfuPolicy(int frames, LfuTies ties = LfuTies.Loaded) : base(frames, mostFrequent: true, ties) { }
    public override string Name => "mfu";
}
