using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

/// <summary>
/// Straightforward, slow re-implementations written from the definitions (docs/design.md section 3, the papers), used as
/// oracles for the fast policies. Each returns the frame contents after every step (-1 = empty).
/// </summary>
internal static class NaivePolicies
{
    public static long[][] FrameHistory(string policy, int frames, PageReference[] trace, ulong seed = 1)
    {
        var frame = Enumerable.Repeat(-1L, frames).ToArray();
        var loadedAt = new long[frames];
        var lastUse = new long[frames];
        var bit = new bool[frames];
        int hand = 0;
        var rng = new SplitMix64(seed);
        var history = new long[trace.Length][];
        for (int t = 0; t < trace.Length; t++)
        {
            long page = trace[t].Page;
            int f = Array.IndexOf(frame, page);
            if (f >= 0)
            {
                lastUse[f] = t;
                bit[f] = true;
            }
            else
            {
                f = Array.IndexOf(frame, -1L);
                if (f < 0)
                {
                    switch (policy)
                    {
                        case "fifo":
                            f = Enumerable.Range(0, frames).MinBy(i => loadedAt[i]);
                            break;
                        case "lru":
                            f = Enumerable.Range(0, frames).MinBy(i => lastUse[i]);
                            break;
                        case "opt":
                            long NextUse(int i)
                            {
                                for (int u = t + 1; u < trace.Length; u++) if (trace[u].Page == frame[i]) return u;
                                return long.MaxValue;
                            }
                            // Farthest next use; the first (lowest) frame wins ties.
                            f = 0;
                            for (int i = 1; i < frames; i++) if (NextUse(i) > NextUse(f)) f = i;
                            break;
                        case "clock":
                            while (bit[hand]) { bit[hand] = false; hand = (hand + 1) % frames; }
                            f = hand;
                            hand = (hand + 1) % frames;
                            break;
                        case "random":
                            f = (int)(rng.Next() % (ulong)frames);
                            break;
                        default:
                            throw new ArgumentException(policy);
                    }
                }
                frame[f] = page;
                loadedAt[f] = t;
                lastUse[f] = t;
                bit[f] = true;
            }
            history[t] = (long[])frame.Clone();
        }
        return history;
    }

    /// <summary>SIEVE as in the paper's pseudocode, on a list ordered oldest first. Resident sets after each step.</summary>
    public static List<HashSet<long>> SieveResidents(int capacity, PageReference[] trace)
    {
        var queue = new List<(long Page, bool Visited)>();   // index 0 = oldest (the paper's tail)
        int hand = -1;
        var result = new List<HashSet<long>>();
        foreach (var r in trace)
        {
            int i = queue.FindIndex(e => e.Page == r.Page);
            if (i >= 0)
            {
                queue[i] = (r.Page, true);
            }
            else
            {
                if (queue.Count == capacity)
                {
                    int h = hand >= 0 ? hand : 0;
                    while (queue[h].Visited)
                    {
                        queue[h] = (queue[h].Page, false);
                        h = h + 1 < queue.Count ? h + 1 : 0;
                    }
                    queue.RemoveAt(h);
                    // The hand moves to the next newer entry, which slid into index h.
                    hand = h < queue.Count ? h : -1;
                }
                queue.Add((r.Page, false));
            }
            result.Add(queue.Select(e => e.Page).ToHashSet());
        }
        return result;
    }

    /// <summary>ARC from Megiddo and Modha's Figure 4, on lists of page numbers (first = LRU). Resident sets per step.</summary>
    public static List<HashSet<long>> ArcResidents(int c, PageReference[] trace)
    {
        List<long> t1 = [], t2 = [], b1 = [], b2 = [];
        double p = 0;
        var result = new List<HashSet<long>>();
        void Replace(long x)
        {
            if (t1.Count >= 1 && ((b2.Contains(x) && t1.Count == p) || t1.Count > p))
            {
                b1.Add(t1[0]); t1.RemoveAt(0);
            }
            else
            {
                b2.Add(t2[0]); t2.RemoveAt(0);
            }
        }
        foreach (var r in trace)
        {
            long x = r.Page;
            if (t1.Remove(x) || t2.Remove(x))
            {
                t2.Add(x);
            }
            else if (b1.Contains(x))
            {
                p = Math.Min(c, p + (b1.Count >= b2.Count ? 1 : (double)b2.Count / b1.Count));
                Replace(x);
                b1.Remove(x); t2.Add(x);
            }
            else if (b2.Contains(x))
            {
                p = Math.Max(0, p - (b2.Count >= b1.Count ? 1 : (double)b1.Count / b2.Count));
                Replace(x);
                b2.Remove(x); t2.Add(x);
            }
            else
            {
                if (t1.Count + b1.Count == c)
                {
                    if (t1.Count < c) { b1.RemoveAt(0); Replace(x); }
                    else t1.RemoveAt(0);
                }
                else if (t1.Count + t2.Count + b1.Count + b2.Count >= c)
                {
                    if (t1.Count + t2.Count + b1.Count + b2.Count == 2 * c) b2.RemoveAt(0);
                    Replace(x);
                }
                t1.Add(x);
            }
            result.Add(t1.Concat(t2).ToHashSet());
        }
        return result;
    }

    public static PageReference[] RandomTrace(Random rng, int pages, int length, double writeShare = 0.3)
        => Enumerable.Range(0, length).Select(_ => new PageReference(rng.Next(pages), rng.NextDouble() < writeShare)).ToArray();
}
