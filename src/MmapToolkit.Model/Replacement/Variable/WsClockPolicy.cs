namespace MmapToolkit.Model.Replacement;

/// <summary>
/// WSClock (Carr and Hennessy, "WSCLOCK — A Simple and Effective Algorithm for Virtual Memory Management", SOSP 1981),
/// as Tanenbaum's "Modern Operating Systems" (section 3.4.9) states it, with one process and a pool of F frames. Time
/// counts references. Each resident page has a reference bit R (set by a load and by a hit), its time of last use
/// (set when loaded, and when the hand finds R set) and a dirty bit. While a frame is free a missing page takes the
/// lowest-numbered one. When all are used, the hand sweeps the circle of frames from where it stopped:
/// <list type="bullet">
/// <item>R = 1: clear it, set the time of last use to now, advance;</item>
/// <item>R = 0 and age (now − last use) &gt; τ: outside the working set. Clean: this is the victim. Dirty: the write-back
/// is scheduled (here it completes at once: counted, and the page is clean), advance;</item>
/// <item>R = 0 and age ≤ τ: in the working set, advance.</item>
/// </list>
/// Back at its start, the hand goes on if it scheduled a write-back (the first page it cleaned is the victim); if it
/// scheduled none, every page is in the working set: the victim is the first clean page from the start, or, with none,
/// the page at the start (written back). The hand stops one past the victim.
/// <para>The resident set is the pool once it has filled (WSClock frees nothing between faults); what the working set
/// decides is which page leaves, and the count of victims taken from inside the working set says memory is smaller than
/// the working set. A sweep costs up to one lap of the circle per fault (two with write-backs).</para>
/// </summary>
public static class WsClockPolicy
{
    public static VariableAllocationResult Run(DenseTrace trace, int frames, long tau)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tau, 1);
        int[] ids = trace.Ids;
        bool[] writes = trace.Writes;
        int pool = Math.Min(frames, Math.Max(1, trace.Distinct));   // more frames than pages: the rest never fill
        var frameOf = new int[trace.Distinct];
        Array.Fill(frameOf, -1);
        var idIn = new int[pool];
        var referenced = new bool[pool];
        var dirty = new bool[pool];
        var lastUse = new long[pool];
        int used = 0, hand = 0;
        long faults = 0, sum = 0, writeBacks = 0, outside = 0, inside = 0;
        int max = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            long now = i + 1;
            int p = ids[i];
            int f = frameOf[p];
            if (f >= 0)
            {
                referenced[f] = true;
                if (writes[i]) dirty[f] = true;
            }
            else
            {
                faults++;
                if (used < pool)
                {
                    f = used++;
                }
                else
                {
                    f = Sweep(now);
                    frameOf[idIn[f]] = -1;
                }
                idIn[f] = p;
                frameOf[p] = f;
                referenced[f] = true;
                dirty[f] = writes[i];
                lastUse[f] = now;
            }
            sum += used;
            if (used > max) max = used;
        }
        long n = ids.Length;
        return new VariableAllocationResult("wsclock", $"tau {tau}", frames, n, faults, n - faults, n == 0 ? 0 : (double)sum / n, max)
        {
            WriteBacks = writeBacks, EvictionsOutsideWorkingSet = outside, EvictionsInsideWorkingSet = inside,
        };

        int Sweep(long now)
        {
            int start = hand, firstCleaned = -1;
            for (int step = 0; step < pool; step++)
            {
                int f = (start + step) % pool;
                if (referenced[f])
                {
                    referenced[f] = false;
                    lastUse[f] = now;
                }
                else if (now - lastUse[f] > tau)
                {
                    if (!dirty[f]) return Claim(f, ref outside);
                    dirty[f] = false;
                    writeBacks++;
                    if (firstCleaned < 0) firstCleaned = f;
                }
            }
            // A full lap. Pages cleaned on the way are old and clean now: the first one is where the second lap stops.
            if (firstCleaned >= 0) return Claim(firstCleaned, ref outside);
            for (int step = 0; step < pool; step++)
            {
                int f = (start + step) % pool;
                if (!dirty[f]) return Claim(f, ref inside);
            }
            writeBacks++;   // every page dirty and in the working set: the one at the start is written back and taken
            dirty[start] = false;
            return Claim(start, ref inside);
        }

        int Claim(int f, ref long counter)
        {
            counter++;
            hand = f + 1 == pool ? 0 : f + 1;
            return f;
        }
    }
}
