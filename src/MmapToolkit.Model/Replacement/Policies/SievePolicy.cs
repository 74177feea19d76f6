namespace MmapToolkit.Model.Replacement;

/// <summary>
/// SIEVE (Zhang et al., NSDI 2024): a FIFO queue with one visited bit per page. A hit sets the bit and moves nothing.
/// The hand walks from the oldest page toward the newest: a visited page has its bit cleared and stays where it is, the
/// first unvisited page is the victim; the hand keeps its place for the next eviction and wraps to the oldest page.
/// </summary>
public sealed class SievePolicy : IReplacementPolicy
{
    private readonly FrameList _queue;   // head = oldest
    private readonly bool[] _visited;
    private int _hand = -1;

    public SievePolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _queue = new FrameList(frames);
        _visited = new bool[frames];
    }

    public string Name => "sieve";
    public int Frames { get; }

    public void OnLoad(int frame, long page)
    {
        _visited[frame] = false;
        _queue.AddTail(frame);
    }

    public void OnHit(int frame) => _visited[frame] = true;

    public int ChooseVictim(long incomingPage)
    {
        int f = _hand >= 0 ? _hand : _queue.Head;
        while (_visited[f])
        {
            _visited[f] = false;
            f = _queue.Next(f);
            if (f < 0) f = _queue.Head;
        }
        _hand = f;   // OnRemove moves the hand on past the victim
        return f;
    }

    public void OnRemove(int frame)
    {
        if (_hand == frame || (_hand < 0 && _queue.Head == frame))
        {
            // The hand moves on to the next newer page (or, past the newest, back to the oldest on the next sweep).
            _hand = _queue.Next(frame);
        }
        _queue.Remove(frame);
        _visited[frame] = false;
    }
}
