namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Least (or, with <c>mostFrequent</c>, most) frequently used: each resident page counts its references since it was
/// loaded; the victim has the smallest (largest, for MFU) count, ties going to the page loaded earliest. A linear scan
/// over the frames: these policies are for teaching (the subset-property question), not speed.
/// </summary>
public class LfuPolicy : IReplacementPolicy
{
    private readonly long[] _count;
    private readonly long[] _loadedAt;
    private readonly bool[] _occupied;
    private readonly bool _mostFrequent;
    private long _clock;

    public LfuPolicy(int frames) : this(frames, mostFrequent: false) { }

    protected LfuPolicy(int frames, bool mostFrequent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _mostFrequent = mostFrequent;
        _count = new long[frames];
        _loadedAt = new long[frames];
        _occupied = new bool[frames];
    }

    public virtual string Name => "lfu";
    public int Frames { get; }

    /// <summary>References to the page in <paramref name="frame"/> since it was loaded.</summary>
    public long Count(int frame) => _count[frame];

    public void OnLoad(int frame, long page)
    {
        _occupied[frame] = true;
        _count[frame] = 1;
        _loadedAt[frame] = _clock++;
    }

    public void OnHit(int frame) => _count[frame]++;

    public int ChooseVictim(long incomingPage)
    {
        int best = -1;
        for (int f = 0; f < Frames; f++)
        {
            if (!_occupied[f]) continue;
            if (best < 0) { best = f; continue; }
            bool better = _mostFrequent ? _count[f] > _count[best] : _count[f] < _count[best];
            if (better || (_count[f] == _count[best] && _loadedAt[f] < _loadedAt[best])) best = f;
        }
        return best;
    }

    public void OnRemove(int frame)
    {
        _occupied[frame] = false;
        _count[frame] = 0;
    }
}

/// <summary>Most frequently used: the victim has the largest reference count since it was loaded (the argument: a page
/// used a lot has probably had its turn). Ties go to the page loaded earliest.</summary>
public sealed class MfuPolicy : LfuPolicy
{
    public MfuPolicy(int frames) : base(frames, mostFrequent: true) { }
    public override string Name => "mfu";
}
