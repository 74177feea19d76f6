namespace MmapToolkit.Model.Replacement;

/// <summary>
/// FIFO and CLOCK as structs for <see cref="FastSimulator"/>: the JIT specializes the loop for each one and inlines
/// every call, so a reference costs one lookup in the page array and a few frame-array updates. They make exactly the
/// choices of <see cref="FifoPolicy"/> and <see cref="ClockPolicy"/> (tests compare them run by run); those classes
/// remain the readable versions and serve the kernel model.
/// </summary>
internal interface IInlinePolicy
{
    void Hit(int frame);
    void Loaded(int frame);
    int Victim();
}

/// <summary>In a trace run frames are only freed by eviction and refilled in place, so FIFO order is frame order,
/// cyclic from a hand.</summary>
internal struct FifoInline(int frames) : IInlinePolicy
{
    private int _hand;
    public readonly void Hit(int frame) { }
    public readonly void Loaded(int frame) { }
    public int Victim()
    {
        int v = _hand;
        if (++_hand == frames) _hand = 0;
        return v;
    }
}

internal struct ClockInline(int frames) : IInlinePolicy
{
    private readonly byte[] _bit = new byte[frames];
    private int _hand;
    public readonly void Hit(int frame) => _bit[frame] = 1;
    public readonly void Loaded(int frame) => _bit[frame] = 1;
    public int Victim()
    {
        var bit = _bit;
        int h = _hand;
        while (bit[h] != 0)
        {
            bit[h] = 0;
            if (++h == bit.Length) h = 0;
        }
        _hand = h + 1 == bit.Length ? 0 : h + 1;
        return h;
    }
}

/// <summary>Told of each eviction the fast loops make (the eviction table's tests listen); a run that only counts passes
/// <see cref="NoEvictionLog"/>, whose empty call the JIT removes from the specialized loop.</summary>
internal interface IEvictionSink
{
    void Evicted(int victimId, bool dirty);
}

internal readonly struct NoEvictionLog : IEvictionSink
{
    public void Evicted(int victimId, bool dirty) { }
}

/// <summary>The trace simulator's hot loop for the inline policies (no table, no per-reference allocation).</summary>
internal static class FastSimulator
{
    private const int NeverCopied = -1, HasSwapCopy = -2;

    public static SimulationResult? TryRun(string name, int frames, DenseTrace trace) => TryRun(name, frames, trace, new NoEvictionLog());

    /// <summary>The same, telling <paramref name="sink"/> of each eviction in order; null for a policy with no fast loop.</summary>
    public static SimulationResult? TryRun<TSink>(string name, int frames, DenseTrace trace, TSink sink) where TSink : IEvictionSink
    {
        switch (name)
        {
            case "fifo": { var p = new FifoInline(frames); return Run(ref p, name, frames, trace, sink); }
            case "lru": return RunLru(frames, trace, sink);
            case "clock": { var p = new ClockInline(frames); return Run(ref p, name, frames, trace, sink); }
            default: return null;
        }
    }

    private static SimulationResult Run<T, TSink>(ref T policy, string name, int frames, DenseTrace trace, TSink sink)
        where T : struct, IInlinePolicy where TSink : IEvictionSink
    {
        int[] ids = trace.Ids;
        bool[] writes = trace.Writes;
        var where = new int[trace.Distinct];     // frame if resident, else NeverCopied / HasSwapCopy
        Array.Fill(where, NeverCopied);
        var idIn = new int[frames];
        var dirty = new bool[frames];
        var hadCopy = new bool[frames];
        int used = 0;
        long hits = 0, swapIns = 0, swapOuts = 0, evictions = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            int f = where[id];
            if (f >= 0)
            {
                hits++;
                if (writes[i]) dirty[f] = true;
                policy.Hit(f);
                continue;
            }
            bool copy = f == HasSwapCopy;
            if (copy) swapIns++;
            if (used < frames)
            {
                f = used++;
            }
            else
            {
                f = policy.Victim();
                evictions++;
                int victim = idIn[f];
                if (dirty[f]) swapOuts++;
                sink.Evicted(victim, dirty[f]);
                where[victim] = dirty[f] || hadCopy[f] ? HasSwapCopy : NeverCopied;
            }
            idIn[f] = id;
            where[id] = f;
            dirty[f] = writes[i];
            hadCopy[f] = copy;
            policy.Loaded(f);
        }
        long refs = ids.Length;
        return new SimulationResult(name, frames, refs, refs - hits, hits, evictions, swapOuts, swapIns, null)
        {
            ZeroFills = refs - hits - swapIns,
        };
    }

    /// <summary>
    /// LRU without a recency list: the victim is the resident page whose last reference is oldest, and the trace itself
    /// is the history. A scan pointer walks the trace forward; position t names the LRU page when t is still its page's
    /// last reference and the page is resident. Positions before the pointer can never qualify again, so the scan is
    /// O(n) in total, and each reference touches one per-page record (frame and last use side by side).
    /// </summary>
    private static SimulationResult RunLru<TSink>(int frames, DenseTrace trace, TSink sink) where TSink : IEvictionSink
    {
        int[] ids = trace.Ids;
        bool[] writes = trace.Writes;
        var state = new int[2 * trace.Distinct];   // [2id] = frame or NeverCopied/HasSwapCopy, [2id+1] = last use
        for (int i = 0; i < trace.Distinct; i++) state[2 * i] = NeverCopied;
        var idIn = new int[frames];
        var dirty = new bool[frames];
        var hadCopy = new bool[frames];
        int used = 0, scan = 0;
        long hits = 0, swapIns = 0, swapOuts = 0, evictions = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            int f = state[2 * id];
            state[2 * id + 1] = i;
            if (f >= 0)
            {
                hits++;
                if (writes[i]) dirty[f] = true;
                continue;
            }
            bool copy = f == HasSwapCopy;
            if (copy) swapIns++;
            if (used < frames)
            {
                f = used++;
            }
            else
            {
                int victim;
                while (true)
                {
                    victim = ids[scan];
                    if (state[2 * victim + 1] == scan && state[2 * victim] >= 0) break;
                    scan++;
                }
                scan++;
                f = state[2 * victim];
                evictions++;
                if (dirty[f]) swapOuts++;
                sink.Evicted(victim, dirty[f]);
                state[2 * victim] = dirty[f] || hadCopy[f] ? HasSwapCopy : NeverCopied;
            }
            idIn[f] = id;
            state[2 * id] = f;
            dirty[f] = writes[i];
            hadCopy[f] = copy;
        }
        long refs = ids.Length;
        return new SimulationResult("lru", frames, refs, refs - hits, hits, evictions, swapOuts, swapIns, null)
        {
            ZeroFills = refs - hits - swapIns,
        };
    }
}
