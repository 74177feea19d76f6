namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Not Recently Used (Tanenbaum, "Modern Operating Systems", section 3.4.2): each page has a reference bit R and a
/// modified bit M, set by a reference and by a store (the trace's 'w'). After every P references the clock ticks and
/// clears every R bit (M stays: the page is still dirty until it leaves). The pages fall into four classes, 2R + M:
/// 0 not referenced, clean; 1 not referenced, modified; 2 referenced, clean; 3 referenced, modified. The victim comes
/// from the lowest non-empty class. Tanenbaum picks it at random; here it is the page that has been in that class
/// longest (deterministic, so a hand-checked trace has one answer): a page joins the end of its class's queue when it
/// enters the class, and a tick moves class 2 and class 3, in their order, to the ends of classes 0 and 1. Default P = F.
/// A tick costs O(pages referenced since the last one); everything else O(1).
/// </summary>
public sealed class NruPolicy : IReplacementPolicy, IObservesWrites
{
    private readonly FrameList[] _class = new FrameList[4];   // head = longest in the class
    private readonly bool[] _referenced;
    private readonly bool[] _modified;
    private readonly long _period;
    private long _references;

    public NruPolicy(int frames, long period = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        Frames = frames;
        _period = period > 0 ? period : frames;
        for (int c = 0; c < 4; c++) _class[c] = new FrameList(frames);
        _referenced = new bool[frames];
        _modified = new bool[frames];
    }

    public string Name => "nru";
    public int Frames { get; }

    /// <summary>References between two ticks.</summary>
    public long Period => _period;

    /// <summary>The class 2R + M of the page in <paramref name="frame"/>.</summary>
    public int ClassOf(int frame) => (_referenced[frame] ? 2 : 0) + (_modified[frame] ? 1 : 0);

    public void OnLoad(int frame, long page)
    {
        _referenced[frame] = true;
        _modified[frame] = false;
        _class[2].AddTail(frame);
        Tick();
    }

    public void OnHit(int frame)
    {
        if (!_referenced[frame]) Move(frame, referenced: true, _modified[frame]);
        Tick();
    }

    public void OnWrite(int frame)
    {
        if (!_modified[frame]) Move(frame, _referenced[frame], modified: true);
    }

    public int ChooseVictim(long incomingPage)
    {
        for (int c = 0; c < 4; c++)
            if (_class[c].Count > 0) return _class[c].Head;
        return -1;
    }

    public void OnRemove(int frame)
    {
        var list = _class[ClassOf(frame)];
        if (list.Contains(frame)) list.Remove(frame);
        _referenced[frame] = _modified[frame] = false;
    }

    private void Move(int frame, bool referenced, bool modified)
    {
        _class[ClassOf(frame)].Remove(frame);
        _referenced[frame] = referenced;
        _modified[frame] = modified;
        _class[ClassOf(frame)].AddTail(frame);
    }

    // After every P-th reference: clear R (classes 2 → 0 and 3 → 1, keeping their order).
    private void Tick()
    {
        if (++_references % _period != 0) return;
        for (int c = 2; c < 4; c++)
        {
            var from = _class[c];
            var to = _class[c - 2];
            while (from.Count > 0)
            {
                int f = from.Head;
                from.Remove(f);
                _referenced[f] = false;
                to.AddTail(f);
            }
        }
    }
}
