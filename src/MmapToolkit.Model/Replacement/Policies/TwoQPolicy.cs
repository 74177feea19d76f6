namespace MmapToolkit.Model.Replacement;

/// <summary>
/// 2Q, the full version (Johnson and Shasha, "2Q: A Low Overhead High Performance Buffer Management Replacement
/// Algorithm", VLDB 1994). A page seen for the first time enters A1in, a FIFO queue; a hit there changes nothing. When
/// A1in holds more than Kin pages its oldest page is evicted and its identity joins A1out, a FIFO ghost queue of at most
/// Kout identities (the oldest forgotten). A miss on a page A1out remembers loads it into Am, an LRU list, where hits
/// move it to the most recent end. Otherwise the victim is Am's least recently used page (Am's victims are not
/// remembered). Kin = ⌊F·kin⌋ and Kout = ⌊F·kout⌋ for F frames (defaults 25 % and 50 %, the paper's advice).
/// </summary>
public sealed class TwoQPolicy : IReplacementPolicy
{
    private readonly FrameList _a1in;   // head = oldest
    private readonly FrameList _am;     // head = least recently used
    private readonly GhostList _a1out = new();   // used as a FIFO: identities are unique and never refreshed
    private readonly long[] _pageOfFrame;
    private int _victimFromIn = -1;     // the A1in frame ChooseVictim returned: its page joins A1out when it leaves
    private bool _remembered;           // ChooseVictim found the incoming page in A1out (and took it out first)
    private long _rememberedPage;

    public TwoQPolicy(int frames, double kin = 0.25, double kout = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        Kin = (int)(frames * kin);
        Kout = (int)(frames * kout);
        _a1in = new FrameList(frames);
        _am = new FrameList(frames);
        _pageOfFrame = new long[frames];
    }

    public string Name => "2q";
    public int Frames { get; }

    /// <summary>A1in's threshold in pages.</summary>
    public int Kin { get; }

    /// <summary>A1out's capacity in page identities.</summary>
    public int Kout { get; }

    /// <summary>Pages in A1in, in Am, and identities in A1out.</summary>
    public (int In, int Main, int Out) Sizes => (_a1in.Count, _am.Count, _a1out.Count);

    public void OnLoad(int frame, long page)
    {
        _pageOfFrame[frame] = page;
        bool remembered = (_remembered && _rememberedPage == page) || _a1out.Remove(page);
        _remembered = false;
        if (remembered) _am.AddTail(frame);
        else _a1in.AddTail(frame);
    }

    public void OnHit(int frame)
    {
        if (_am.Contains(frame)) _am.MoveToTail(frame);
    }

    public int ChooseVictim(long incomingPage)
    {
        // As in the paper, whether the page is remembered is decided before the eviction, whose page may push the
        // oldest identity out of A1out.
        _remembered = _a1out.Remove(incomingPage);
        _rememberedPage = incomingPage;
        if (_a1in.Count > Kin || _am.Count == 0) return _victimFromIn = _a1in.Head;
        _victimFromIn = -1;
        return _am.Head;
    }

    public void OnRemove(int frame)
    {
        if (_a1in.Contains(frame))
        {
            _a1in.Remove(frame);
            if (frame == _victimFromIn && Kout > 0)
            {
                _a1out.AddMostRecent(_pageOfFrame[frame]);
                if (_a1out.Count > Kout) _a1out.RemoveLeastRecent();
            }
        }
        else if (_am.Contains(frame))
        {
            _am.Remove(frame);
        }
        if (frame == _victimFromIn) _victimFromIn = -1;
    }
}
