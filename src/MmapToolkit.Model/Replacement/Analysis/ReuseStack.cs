namespace MmapToolkit.Model.Replacement;

/// <summary>
/// LRU stack distances for a subset of a trace's pages (the sample SHARDS keeps), with pages leaving the subset: each
/// page's most recent reference is a mark in a Fenwick tree over time slots, its distance 1 + the marks after it. The
/// tree has about two slots per live page; when they run out the live marks are renumbered in order (amortised O(1)).
/// </summary>
internal sealed class ReuseStack
{
    private readonly int[] _tree;       // Fenwick tree over slots 1..size
    private readonly int[] _pageAt;     // page id whose mark is in a slot, -1 if empty
    private readonly int[] _slotOf;     // slot of each page id's mark, 0 if none
    private int _next = 1, _live;

    /// <param name="ids">Page ids are 0 .. ids-1.</param>
    /// <param name="maxLive">The most pages in the stack at once.</param>
    public ReuseStack(int ids, int maxLive)
    {
        int size = Math.Max(1024, 2 * maxLive + 2);
        _tree = new int[size + 1];
        _pageAt = new int[size + 1];
        Array.Fill(_pageAt, -1);
        _slotOf = new int[ids];
    }

    public bool Contains(int id) => _slotOf[id] != 0;

    /// <summary>References <paramref name="id"/>: its stack distance, or 0 on its first reference (cold).</summary>
    public int Reference(int id)
    {
        int s = _slotOf[id], distance = 0;
        if (s != 0)
        {
            distance = _live - Prefix(s) + 1;
            Unmark(s);
        }
        if (_next >= _tree.Length) Compact();
        Add(_next, +1);
        _slotOf[id] = _next;
        _pageAt[_next++] = id;
        _live++;
        return distance;
    }

    /// <summary><paramref name="id"/> leaves the stack (and its next reference, if any, would be cold).</summary>
    public void Remove(int id)
    {
        int s = _slotOf[id];
        if (s == 0) return;
        Unmark(s);
        _slotOf[id] = 0;
    }

    private void Unmark(int s)
    {
        Add(s, -1);
        _pageAt[s] = -1;
        _live--;
    }

    private void Compact()
    {
        int to = 1;
        for (int from = 1; from < _pageAt.Length; from++)
        {
            int page = _pageAt[from];
            if (page < 0) continue;
            _pageAt[from] = -1;
            _pageAt[to] = page;
            _slotOf[page] = to++;
        }
        Array.Clear(_tree);
        for (int i = 1; i <= _live; i++) _tree[i] = 1;
        for (int i = 1; i < _tree.Length; i++)   // the O(size) Fenwick build
        {
            int j = i + (i & -i);
            if (j < _tree.Length) _tree[j] += _tree[i];
        }
        _next = to;
    }

    private int Prefix(int i)
    {
        int s = 0;
        for (; i > 0; i -= i & -i) s += _tree[i];
        return s;
    }

    private void Add(int i, int delta)
    {
        for (; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }
}
