namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LIRS (Jiang and Zhang, "LIRS: An Efficient Low Inter-reference Recency Set Replacement Policy to Improve Buffer
/// Cache Performance", SIGMETRICS 2002). Pages with a low inter-reference recency (LIR) hold Llirs = F − Lhirs frames;
/// the other Lhirs = max(1, ⌊F/100⌋) frames hold resident HIR pages in a FIFO queue Q, whose front is always the
/// victim. The stack S keeps, in recency order, every LIR page and the HIR pages (resident or not) more recent than the
/// least recent LIR page, which is always S's bottom ("stack pruning" drops HIR entries from the bottom).
/// <list type="bullet">
/// <item>A hit on an LIR page moves it to S's top (then S is pruned).</item>
/// <item>A hit on a resident HIR page that S holds makes it LIR (top of S, out of Q); S's bottom LIR page becomes HIR
/// and goes to Q's end; S is pruned. One S does not hold goes to S's top and Q's end, still HIR.</item>
/// <item>A miss evicts Q's front (S keeps its entry as non-resident). The missing page, if S holds it, becomes LIR
/// as above; else it is a resident HIR page at S's top and Q's end. Until Llirs pages are LIR, new pages become LIR.</item>
/// </list>
/// Non-resident entries live while S holds them (no bound). O(1) per reference, amortized over pruning.
/// </summary>
public sealed class LirsPolicy : IReplacementPolicy
{
    private sealed class Entry(long page)
    {
        public readonly long Page = page;
        public bool Lir;
        public int Frame = -1;   // -1: not resident
        public bool InStack;
        public Entry? Below, Above;   // S's links
    }

    private readonly Dictionary<long, Entry> _entries = new();
    private readonly Entry?[] _entryOfFrame;
    private readonly FrameList _queue;   // resident HIR pages, head = front = next victim
    private Entry? _bottom, _top;
    private int _lirCount;

    public LirsPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        HirFrames = Math.Max(1, frames / 100);
        LirFrames = frames - HirFrames;
        _entryOfFrame = new Entry?[frames];
        _queue = new FrameList(frames);
    }

    public string Name => "lirs";
    public int Frames { get; }

    /// <summary>Llirs and Lhirs.</summary>
    public int LirFrames { get; }
    public int HirFrames { get; }

    /// <summary>Whether the page in <paramref name="frame"/> is LIR.</summary>
    public bool IsLir(int frame) => _entryOfFrame[frame]?.Lir == true;

    /// <summary>The pages in S, bottom (least recent) first, and whether each is resident.</summary>
    public IEnumerable<(long Page, bool Resident)> Stack()
    {
        for (var e = _bottom; e is not null; e = e.Above) yield return (e.Page, e.Frame >= 0);
    }

    public void OnLoad(int frame, long page)
    {
        if (_entries.TryGetValue(page, out var e))
        {
            // S remembers it as a non-resident HIR page: its new reference recency beats S's bottom LIR page.
            e.Frame = frame;
            _entryOfFrame[frame] = e;
            Promote(e);
            return;
        }
        e = new Entry(page) { Frame = frame };
        _entries[page] = e;
        _entryOfFrame[frame] = e;
        PushTop(e);
        if (_lirCount < LirFrames)
        {
            e.Lir = true;
            _lirCount++;
        }
        else
        {
            _queue.AddTail(frame);
            Prune();   // with no LIR page in S (one frame), S's bottom must not be HIR
        }
    }

    public void OnHit(int frame)
    {
        var e = _entryOfFrame[frame]!;
        if (e.Lir)
        {
            bool wasBottom = e == _bottom;
            MoveToTop(e);
            if (wasBottom) Prune();
        }
        else if (e.InStack)
        {
            _queue.Remove(frame);
            Promote(e);
        }
        else
        {
            PushTop(e);
            _queue.MoveToTail(frame);
            Prune();
        }
    }

    public int ChooseVictim(long incomingPage) => _queue.Count > 0 ? _queue.Head : _bottom?.Frame ?? 0;

    public void OnRemove(int frame)
    {
        var e = _entryOfFrame[frame];
        if (e is null) return;
        _entryOfFrame[frame] = null;
        e.Frame = -1;
        if (_queue.Contains(frame)) _queue.Remove(frame);
        if (e.Lir)
        {
            // Only a removal from outside (munmap, exit) takes an LIR page: forget it.
            e.Lir = false;
            _lirCount--;
            Unlink(e);
            _entries.Remove(e.Page);
            Prune();
        }
        else if (!e.InStack)
        {
            _entries.Remove(e.Page);
        }
    }

    // An HIR page (resident, or just loaded) that S holds becomes LIR; past Llirs, S's bottom LIR page becomes HIR.
    private void Promote(Entry e)
    {
        if (LirFrames == 0)
        {
            // One frame: nothing can be LIR; the page stays a resident HIR page.
            MoveToTop(e);
            _queue.AddTail(e.Frame);
            Prune();
            return;
        }
        e.Lir = true;
        _lirCount++;
        MoveToTop(e);
        if (_lirCount > LirFrames)
        {
            var b = _bottom!;
            b.Lir = false;
            _lirCount--;
            Unlink(b);
            _queue.AddTail(b.Frame);
        }
        Prune();
    }

    private void Prune()
    {
        while (_bottom is { Lir: false } b)
        {
            Unlink(b);
            if (b.Frame < 0) _entries.Remove(b.Page);
        }
    }

    private void MoveToTop(Entry e)
    {
        if (e == _top) return;
        if (e.InStack) Unlink(e);
        PushTop(e);
    }

    private void PushTop(Entry e)
    {
        if (e.InStack)
        {
            MoveToTop(e);
            return;
        }
        e.InStack = true;
        e.Below = _top;
        e.Above = null;
        if (_top is not null) _top.Above = e; else _bottom = e;
        _top = e;
    }

    private void Unlink(Entry e)
    {
        if (e.Below is not null) e.Below.Above = e.Above; else _bottom = e.Above;
        if (e.Above is not null) e.Above.Below = e.Below; else _top = e.Below;
        e.Below = e.Above = null;
        e.InStack = false;
    }
}
