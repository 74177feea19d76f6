namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Frames plus a policy, stepped one reference at a time over a <see cref="DenseTrace"/>'s page ids. It does placement
/// (a missing page goes into the lowest-numbered free frame while one exists) and the dirty/swap accounting of
/// docs/design.md section 3; the policy only picks victims. <see cref="TraceSimulator"/> and the analysis tools drive it.
/// </summary>
public sealed class ReplacementEngine
{
    private readonly IReplacementPolicy _policy;
    private readonly IObservesWrites? _writeObserver;   // NRU: told of stores
    private readonly long[] _pageOfId;
    private readonly int[] _frameOfId;     // -1 = not resident
    private readonly bool[] _hasSwapCopy;
    private readonly int[] _idInFrame;     // -1 = free
    private readonly bool[] _dirty;
    private int _used;

    public ReplacementEngine(IReplacementPolicy policy, DenseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trace);
        _policy = policy;
        _writeObserver = policy as IObservesWrites;
        _pageOfId = trace.PageOfId;
        _frameOfId = new int[trace.Distinct];
        Array.Fill(_frameOfId, -1);
        _hasSwapCopy = new bool[trace.Distinct];
        _idInFrame = new int[policy.Frames];
        Array.Fill(_idInFrame, -1);
        _dirty = new bool[policy.Frames];
    }

    public IReplacementPolicy Policy => _policy;
    public int Frames => _idInFrame.Length;
    public long References { get; private set; }
    public long Hits { get; private set; }
    public long Faults => References - Hits;
    public long SwapOuts { get; private set; }
    public long SwapIns { get; private set; }
    public long ZeroFills { get; private set; }
    public long Evictions { get; private set; }

    /// <summary>The frame loaded by the last step, or -1 if it was a hit.</summary>
    public int LastLoadedFrame { get; private set; } = -1;

    /// <summary>Dense id of the page the last step evicted, or -1 if it evicted none.</summary>
    public int LastEvictedId { get; private set; } = -1;

    public bool IsResident(int id) => _frameOfId[id] >= 0;

    /// <summary>Dense id of the page in a frame, -1 if free.</summary>
    public int IdInFrame(int frame) => _idInFrame[frame];

    /// <summary>References one page; true on a hit.</summary>
    public bool Step(int id, bool write)
    {
        References++;
        LastEvictedId = -1;
        int f = _frameOfId[id];
        if (f >= 0)
        {
            Hits++;
            if (write) _dirty[f] = true;
            _policy.OnHit(f);
            if (write) _writeObserver?.OnWrite(f);
            LastLoadedFrame = -1;
            return true;
        }
        if (_used < _idInFrame.Length)
        {
            f = _used++;
        }
        else
        {
            f = _policy.ChooseVictim(_pageOfId[id]);
            Evict(f);
        }
        if (_hasSwapCopy[id]) SwapIns++; else ZeroFills++;
        _idInFrame[f] = id;
        _frameOfId[id] = f;
        _dirty[f] = write;
        _policy.OnLoad(f, _pageOfId[id]);
        if (write) _writeObserver?.OnWrite(f);
        LastLoadedFrame = f;
        return false;
    }

    private void Evict(int f)
    {
        if ((uint)f >= (uint)_idInFrame.Length || _idInFrame[f] < 0)
            throw new InvalidOperationException($"policy {_policy.Name} chose frame {f}, which holds no page");
        int victim = _idInFrame[f];
        if (_dirty[f])
        {
            SwapOuts++;
            _hasSwapCopy[victim] = true;
        }
        Evictions++;
        LastEvictedId = victim;
        _frameOfId[victim] = -1;
        _idInFrame[f] = -1;
        _policy.OnRemove(f);
    }
}
