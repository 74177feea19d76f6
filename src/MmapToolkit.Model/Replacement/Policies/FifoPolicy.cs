namespace MmapToolkit.Model.Replacement;

/// <summary>First-in, first-out: the victim is the page that has been resident longest. Hits change nothing.</summary>
public sealed class FifoPolicy : IReplacementPolicy
{
    private readonly FrameList _queue;

    public FifoPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _queue = new FrameList(frames);
    }

    public string Name => "fifo";
    public int Frames { get; }
    public void OnLoad(int frame, long page) => _queue.AddTail(frame);
    public void OnHit(int frame) { }
    public int ChooseVictim(long incomingPage) => _queue.Head;
    public void OnRemove(int frame) => _queue.Remove(frame);
}
