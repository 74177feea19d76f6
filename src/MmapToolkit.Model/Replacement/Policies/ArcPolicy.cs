namespace MmapToolkit.Model.Replacement;

/// <summary>
/// ARC, Adaptive Replacement Cache (Megiddo and Modha, FAST 2003). Resident pages are split into T1 (seen once
/// recently) and T2 (seen at least twice), each LRU-ordered; the ghost lists B1 and B2 remember pages recently evicted
/// from each. A miss that hits B1 says "T1 was too small" and grows the target size p of T1; a miss in B2 shrinks it.
/// The victim is the LRU page of T1 if T1 exceeds p (or equals it and the incoming page is in B2), else of T2.
/// Follows the paper's pseudocode, with c = the number of frames.
/// </summary>
public sealed class ArcPolicy : IReplacementPolicy
{
    private readonly FrameList _t1;
    private readonly FrameList _t2;
    private readonly GhostList _b1 = new();
    private readonly GhostList _b2 = new();
    private readonly long[] _pageOfFrame;
    private double _p;
    private int _victim = -1;           // chosen by ChooseVictim and already moved to a ghost list
    private long _adaptedFor = -1;      // page whose ghost hit already adapted p in ChooseVictim
    private bool _adapted;

    public ArcPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _t1 = new FrameList(frames);
        _t2 = new FrameList(frames);
        _pageOfFrame = new long[frames];
    }

    public string Name => "arc";
    public int Frames { get; }

    /// <summary>The current target size of T1.</summary>
    public double TargetRecencySize => _p;

    public void OnHit(int frame)
    {
        if (_t1.Contains(frame)) _t1.Remove(frame);
        else _t2.Remove(frame);
        _t2.AddTail(frame);
    }

    public int ChooseVictim(long x)
    {
        int c = Frames;
        if (_b1.Contains(x) || _b2.Contains(x))
        {
            Adapt(x);
            _adapted = true;
            _adaptedFor = x;
            return _victim = Replace(x);
        }
        int l1 = _t1.Count + _b1.Count;
        int total = l1 + _t2.Count + _b2.Count;
        if (l1 == c)
        {
            if (_t1.Count < c)
            {
                _b1.RemoveLeastRecent();
                return _victim = Replace(x);
            }
            // B1 is empty and T1 holds everything: drop T1's LRU page without remembering it.
            return _victim = _t1.Head;
        }
        if (total >= 2 * c) _b2.RemoveLeastRecent();
        return _victim = Replace(x);
    }

    public void OnRemove(int frame)
    {
        if (frame == _victim)
        {
            _victim = -1;
            if (_t1.Contains(frame)) _t1.Remove(frame);
            else if (_t2.Contains(frame)) _t2.Remove(frame);
            return;
        }
        // Freed from outside (munmap, exit): forget the page, remember no history.
        if (_t1.Contains(frame)) _t1.Remove(frame);
        else if (_t2.Contains(frame)) _t2.Remove(frame);
    }

    public void OnLoad(int frame, long x)
    {
        _pageOfFrame[frame] = x;
        bool inB1 = _b1.Contains(x), inB2 = _b2.Contains(x);
        if (inB1 || inB2)
        {
            if (!(_adapted && _adaptedFor == x)) Adapt(x);
            _b1.Remove(x);
            _b2.Remove(x);
            _t2.AddTail(frame);
        }
        else
        {
            _t1.AddTail(frame);
        }
        _adapted = false;
    }

    private void Adapt(long x)
    {
        int c = Frames;
        if (_b1.Contains(x))
        {
            double delta = _b1.Count >= _b2.Count ? 1 : (double)_b2.Count / _b1.Count;
            _p = Math.Min(c, _p + delta);
        }
        else
        {
            double delta = _b2.Count >= _b1.Count ? 1 : (double)_b1.Count / _b2.Count;
            _p = Math.Max(0, _p - delta);
        }
    }

    // The paper's REPLACE(x, p): pick T1's or T2's LRU page and move its identity to the matching ghost list.
    private int Replace(long x)
    {
        int t1 = _t1.Count;
        if (t1 >= 1 && (t1 > _p || (_b2.Contains(x) && t1 == _p)))
        {
            int f = _t1.Head;
            _b1.AddMostRecent(_pageOfFrame[f]);
            return f;
        }
        int g = _t2.Head >= 0 ? _t2.Head : _t1.Head;
        if (_t2.Contains(g)) _b2.AddMostRecent(_pageOfFrame[g]);
        else _b1.AddMostRecent(_pageOfFrame[g]);
        return g;
    }
}
