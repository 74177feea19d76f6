using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

/// <summary>WSClock as the plain lap-by-lap sweep of its definition (Tanenbaum 3.4.9; docs/model.md): the hand visits
/// every frame in turn. Slow when every page is in the working set (a lap per fault), and the oracle the fast
/// <see cref="WsClockPolicy"/>, which jumps over the frames it would only pass, is compared with.</summary>
internal static class NaiveWsClock
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
