namespace MmapToolkit.Model.Replacement;

/// <summary>An LRU-ordered set of page identities that are no longer resident (the history ARC and 2Q keep).</summary>
internal sealed class GhostList
{
    private readonly LinkedList<long> _order = new();   // first = least recent
    private readonly Dictionary<long, LinkedListNode<long>> _nodes = new();

    public int Count => _order.Count;
    public bool Contains(long page) => _nodes.ContainsKey(page);

    public void AddMostRecent(long page)
    {
        Remove(page);
        _nodes[page] = _order.AddLast(page);
    }

    public bool Remove(long page)
    {
        if (!_nodes.Remove(page, out var node)) return false;
        _order.Remove(node);
        return true;
    }

    public void RemoveLeastRecent()
    {
        if (_order.First is { } first) Remove(first.Value);
    }
}
