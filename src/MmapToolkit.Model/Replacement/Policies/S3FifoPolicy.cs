namespace MmapToolkit.Model.Replacement;

/// <summary>
/// S3-FIFO (Yang, Zhang, Qiu, Yue and Vinayak, "FIFO queues are all you need for cache eviction", SOSP 2023): three FIFO
/// queues. A new page enters the small queue S, or the main queue M if the ghost queue G remembers it. Each page has a
/// 2-bit frequency (0 on load, +1 per hit, at most 3). The victim comes from M when M holds more than its share
/// F − ⌊F·small⌋ or S is empty, else from S: S's oldest page moves to M (frequency reset to 0) if it was hit at least
/// twice, else it is the victim and its identity joins G (⌊F·ghost⌋ identities, the oldest forgotten); if S empties
/// this way, M gives the victim. M's oldest page with frequency f ≥ 1 is reinserted at M's new end with f − 1; the
/// first with 0 is the victim. This is libCacheSim's S3FIFO.c (sizes, threshold, the reset on the move to M).
/// </summary>
public sealed class S3FifoPolicy : IReplacementPolicy
{
    private const byte MaxFrequency = 3, MoveToMainThreshold = 2;
    private readonly FrameList _small;   // head = oldest
    private readonly FrameList _main;    // head = oldest
    private readonly GhostList _ghost = new();   // used as a FIFO
    private readonly byte[] _frequency;
    private readonly long[] _pageOfFrame;
    private int _victimFromSmall = -1;
    private bool _remembered;           // ChooseVictim found the incoming page in G (and took it out first)
    private long _rememberedPage;

    public S3FifoPolicy(int frames, double smallFraction = 0.10, double ghostFraction = 0.90)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        SmallSize = (int)(frames * smallFraction);
        MainSize = frames - SmallSize;
        GhostSize = (int)(frames * ghostFraction);
        _small = new FrameList(frames);
        _main = new FrameList(frames);
        _frequency = new byte[frames];
        _pageOfFrame = new long[frames];
    }

    public string Name => "s3fifo";
    public int Frames { get; }

    /// <summary>S's share ⌊F·small⌋, M's share F minus that, and G's capacity in identities.</summary>
    public int SmallSize { get; }
    public int MainSize { get; }
    public int GhostSize { get; }

    /// <summary>Pages in S and M, identities in G.</summary>
    public (int Small, int Main, int Ghost) Sizes => (_small.Count, _main.Count, _ghost.Count);

    /// <summary>Whether the page in <paramref name="frame"/> is in M (else S).</summary>
    public bool InMain(int frame) => _main.Contains(frame);

    public int Frequency(int frame) => _frequency[frame];

    public void OnLoad(int frame, long page)
    {
        _pageOfFrame[frame] = page;
        _frequency[frame] = 0;
        bool remembered = (_remembered && _rememberedPage == page) || _ghost.Remove(page);
        _remembered = false;
        if (remembered) _main.AddTail(frame);
        else _small.AddTail(frame);
    }

    public void OnHit(int frame)
    {
        if (_frequency[frame] < MaxFrequency) _frequency[frame]++;
    }

    public int ChooseVictim(long incomingPage)
    {
        _victimFromSmall = -1;
        // Whether G remembers the page is decided before the eviction, whose page may push G's oldest identity out.
        _remembered = _ghost.Remove(incomingPage);
        _rememberedPage = incomingPage;
        if (_main.Count > MainSize || _small.Count == 0) return EvictMain();
        while (_small.Count > 0)
        {
            int f = _small.Head;
            if (_frequency[f] >= MoveToMainThreshold)
            {
                _small.Remove(f);
                _main.AddTail(f);
                _frequency[f] = 0;
                continue;
            }
            return _victimFromSmall = f;
        }
        return EvictMain();
    }

    private int EvictMain()
    {
        while (true)
        {
            int f = _main.Head;
            if (_frequency[f] == 0) return f;
            _frequency[f]--;
            _main.MoveToTail(f);
        }
    }

    public void OnRemove(int frame)
    {
        if (_small.Contains(frame))
        {
            _small.Remove(frame);
            if (frame == _victimFromSmall && GhostSize > 0)
            {
                _ghost.AddMostRecent(_pageOfFrame[frame]);
                if (_ghost.Count > GhostSize) _ghost.RemoveLeastRecent();
            }
        }
        else if (_main.Contains(frame))
        {
            _main.Remove(frame);
        }
        if (frame == _victimFromSmall) _victimFromSmall = -1;
        _frequency[frame] = 0;
    }
}
