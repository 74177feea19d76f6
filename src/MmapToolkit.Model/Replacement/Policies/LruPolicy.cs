namespace MmapToolkit.Model.Replacement;

/// <summary>Least recently used: the victim is the page whose last reference is oldest.</summary>
public sealed class LruPolicy : IReplacementPolicy
{
    private readonly FrameList _recency;   // head = least recently used

    public LruPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _recency = new FrameList(frames);
    }

    public string Name => "lru";
    public int Frames { get; }
    public void OnLoad(int frame, long page) => _recency.AddTail(frame);
    public void OnHit(int frame) => _recency.MoveToTail(frame);
    public int ChooseVictim(long incomingPage) => _recency.Head;
    public void OnRemove(int frame) => _recency.Remove(frame);
}
