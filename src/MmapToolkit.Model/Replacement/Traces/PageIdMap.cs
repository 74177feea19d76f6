using System.Runtime.CompilerServices;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// Page number to dense id, built for tens of millions of lookups per second. Small page numbers (below about four
/// times the pages seen so far) index a plain array, which grows with the pages seen; the rest go to an open-addressing table with linear probing,
/// key and id side by side, kept at most half full. Its hash keeps runs of 8 consecutive pages in adjacent slots
/// (traces touch neighbouring pages together) and scatters the runs, so a hot set stays in few cache lines.
/// Memory follows the distinct pages: the array is at most 4 ints per page seen (plus 4096), the table at most
/// 4 slots of 16 bytes per page in it.
/// </summary>
internal sealed class PageIdMap
{
    private const long Empty = -1;   // page numbers are non-negative

    private struct Slot
    {
        public long Page;
        public int Id;
    }

    private int[] _direct = new int[4096];   // id + 1 of page p, 0 if not there
    private Slot[] _slots;
    private int _shift;                      // 64 - log2(slot count)
    private int _inTable;
    private int _count;

    public PageIdMap()
    {
        _slots = new Slot[1 << 10];
        _slots.AsSpan().Fill(new Slot { Page = Empty });
        _shift = 64 - 10;
    }

    public int Count => _count;

    /// <summary>The id of <paramref name="page"/>, or <see cref="Count"/> (the next id) after adding it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long page)
    {
        int[] direct = _direct;
        if ((ulong)page < (ulong)direct.Length)
        {
            int v = direct[page];
            if (v != 0) return v - 1;
        }
        return AddOrFindElsewhere(page);
    }

    private int AddOrFindElsewhere(long page)
    {
        int[] direct = _direct;
        if ((ulong)page < (ulong)direct.Length)
        {
            int v = _count++;
            direct[page] = v + 1;
            return v;
        }
        if (page < 4L * _count + 4096 && page < int.MaxValue / 2)
        {
            GrowDirect(page);
            return AddOrFindElsewhere(page);
        }
        return FindOrAddInTable(page);
    }

    // Every known page below the array's length is in the array: pages the table took before are copied in (they
    // stay in the table too, unreached), so a miss in the array is always a new page.
    private void GrowDirect(long page)
    {
        long size = Math.Max(page + 1, (long)_direct.Length * 2);
        Array.Resize(ref _direct, (int)Math.Min(size, int.MaxValue / 2));
        if (_inTable == 0) return;
        int[] direct = _direct;
        foreach (var s in _slots)
            if (s.Page != Empty && s.Page < direct.Length) direct[s.Page] = s.Id + 1;
    }

    private int Index(long page) => (int)((((ulong)page >> 3) * 0x9E3779B97F4A7C15UL >> _shift) ^ ((ulong)page & 7)) & (_slots.Length - 1);

    private int FindOrAddInTable(long page)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Index(page);
        while (true)
        {
            long k = slots[i].Page;
            if (k == page) return slots[i].Id;
            if (k == Empty) break;
            i = (i + 1) & mask;
        }
        int id = _count++;
        slots[i].Page = page;
        slots[i].Id = id;
        if (++_inTable * 2 > slots.Length) GrowTable();
        return id;
    }

    private void GrowTable()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _slots.AsSpan().Fill(new Slot { Page = Empty });
        _shift--;
        int mask = _slots.Length - 1;
        foreach (var s in old)
        {
            if (s.Page == Empty) continue;
            int i = Index(s.Page);
            while (_slots[i].Page != Empty) i = (i + 1) & mask;
            _slots[i] = s;
        }
    }
}
