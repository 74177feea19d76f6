namespace MmapToolkit.Model.Replacement;

/// <summary>An intrusive doubly linked list of frame numbers (arrays, no allocation per operation). Head = oldest.</summary>
internal sealed class FrameList
{
    private readonly int[] _prev;
    private readonly int[] _next;
    private readonly bool[] _member;

    public FrameList(int frames)
    {
        _prev = new int[frames];
        _next = new int[frames];
        _member = new bool[frames];
        Head = Tail = -1;
    }

    public int Head { get; private set; }
    public int Tail { get; private set; }
    public int Count { get; private set; }

    public bool Contains(int frame) => _member[frame];
    public int Next(int frame) => _next[frame];   // toward the tail (newer)
    public int Prev(int frame) => _prev[frame];   // toward the head (older)

    public void AddTail(int frame)
    {
        _member[frame] = true;
        _prev[frame] = Tail;
        _next[frame] = -1;
        if (Tail >= 0) _next[Tail] = frame; else Head = frame;
        Tail = frame;
        Count++;
    }

    public void Remove(int frame)
    {
        int p = _prev[frame], n = _next[frame];
        if (p >= 0) _next[p] = n; else Head = n;
        if (n >= 0) _prev[n] = p; else Tail = p;
        _member[frame] = false;
        Count--;
    }

    public void MoveToTail(int frame)
    {
        if (Tail == frame) return;
        Remove(frame);
        AddTail(frame);
    }
}
