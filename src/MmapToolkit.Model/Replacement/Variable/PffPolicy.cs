namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Page-fault frequency (Chu and Opderbeck, "The page fault frequency replacement algorithm", AFIPS FJCC 1972). Time
/// counts references. On a fault at time t, with the previous fault at t′: if t − t′ &gt; T (faults are rare) every
/// resident page not referenced since t′ (at t′ or later) is released, then the page is loaded; otherwise (faults are
/// frequent) the page is loaded and nothing leaves, so the resident set grows. Hits change nothing. The first fault only
/// loads. No frame count. The resident pages sit in an LRU list, so the pages to release are a prefix of it: O(1)
/// amortized per reference.
/// </summary>
public static class PffPolicy
{
    public static VariableAllocationResult Run(DenseTrace trace, long window)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        int[] ids = trace.Ids;
        int d = trace.Distinct;
        var lastRef = new long[d];
        var resident = new bool[d];
        var prev = new int[d];
        var next = new int[d];
        int head = -1, tail = -1;   // head = least recently referenced
        long faults = 0, sum = 0, lastFault = -1;
        int count = 0, max = 0;

        void Unlink(int p)
        {
            if (prev[p] >= 0) next[prev[p]] = next[p]; else head = next[p];
            if (next[p] >= 0) prev[next[p]] = prev[p]; else tail = prev[p];
        }
        void Append(int p)
        {
            prev[p] = tail;
            next[p] = -1;
            if (tail >= 0) next[tail] = p; else head = p;
            tail = p;
        }

        for (int i = 0; i < ids.Length; i++)
        {
            int p = ids[i];
            if (resident[p])
            {
                Unlink(p);
            }
            else
            {
                faults++;
                if (lastFault >= 0 && i - lastFault > window)
                {
                    while (head >= 0 && lastRef[head] < lastFault)
                    {
                        int q = head;
                        Unlink(q);
                        resident[q] = false;
                        count--;
                    }
                }
                lastFault = i;
                resident[p] = true;
                count++;
            }
            lastRef[p] = i;
            Append(p);
            sum += count;
            if (count > max) max = count;
        }
        long n = ids.Length;
        return new VariableAllocationResult("pff", $"window {window}", 0, n, faults, n - faults, n == 0 ? 0 : (double)sum / n, max);
    }
}
