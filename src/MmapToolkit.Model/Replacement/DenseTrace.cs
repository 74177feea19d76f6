using System.Runtime.InteropServices;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// A trace with its page numbers renumbered 0..Distinct-1 in order of first appearance, so the simulator can keep
/// per-page state in arrays. Build it once and run many policies or frame counts on it.
/// </summary>
public sealed class DenseTrace
{
    internal DenseTrace(int[] ids, long[] pages, bool[] writes)
    {
        Ids = ids;
        PageOfId = pages;
        Writes = writes;
    }

    /// <summary>Dense page id of each reference.</summary>
    public int[] Ids { get; }

    /// <summary>The original page number of each dense id.</summary>
    public long[] PageOfId { get; }

    /// <summary>Whether each reference is a store.</summary>
    public bool[] Writes { get; }

    public int Length => Ids.Length;
    public int Distinct => PageOfId.Length;

    /// <summary>The references as records, original page numbers and all (small traces: searches and tables).</summary>
    public PageReference[] ToReferences()
    {
        var result = new PageReference[Ids.Length];
        for (int i = 0; i < result.Length; i++) result[i] = new PageReference(PageOfId[Ids[i]], Writes[i]);
        return result;
    }

    public static DenseTrace From(IReadOnlyList<PageReference> trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ReadOnlySpan<PageReference> span = trace switch
        {
            PageReference[] a => a,
            List<PageReference> l => CollectionsMarshal.AsSpan(l),
            _ => trace.ToArray(),
        };
        var ids = new int[span.Length];
        var writes = new bool[span.Length];
        var pages = new List<long>();
        long max = -1;
        foreach (var r in span)
        {
            if (r.Page < 0) throw new ArgumentException($"page numbers must be non-negative, got {r.Page}", nameof(trace));
            if (r.Page > max) max = r.Page;
        }
        // Small page numbers: an array maps them; otherwise a dictionary.
        if (max < 4L * span.Length + 1024 && max < int.MaxValue / 2)
        {
            var map = new int[max + 1];
            Array.Fill(map, -1);
            for (int i = 0; i < span.Length; i++)
            {
                long p = span[i].Page;
                int id = map[p];
                if (id < 0) { id = map[p] = pages.Count; pages.Add(p); }
                ids[i] = id;
                writes[i] = span[i].IsWrite;
            }
        }
        else
        {
            var map = new Dictionary<long, int>();
            for (int i = 0; i < span.Length; i++)
            {
                long p = span[i].Page;
                if (!map.TryGetValue(p, out int id)) { id = pages.Count; map[p] = id; pages.Add(p); }
                ids[i] = id;
                writes[i] = span[i].IsWrite;
            }
        }
        return new DenseTrace(ids, pages.ToArray(), writes);
    }
}
