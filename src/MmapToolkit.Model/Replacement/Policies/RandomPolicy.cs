namespace MmapToolkit.Model.Replacement;

/// <summary>Random replacement: on each eviction the victim frame is <c>SplitMix64(seed).Next() % Frames</c> (one draw per
/// eviction, none otherwise), so a seed reproduces the run exactly.</summary>
public sealed class RandomPolicy : IReplacementPolicy
{
    private SplitMix64 _rng;

    public RandomPolicy(int frames, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        _rng = new SplitMix64(seed);
    }

    public string Name => "random";
    public int Frames { get; }
    public void OnLoad(int frame, long page) { }
    public void OnHit(int frame) { }
    public int ChooseVictim(long incomingPage) => (int)(_rng.Next() % (ulong)Frames);
    public void OnRemove(int frame) { }
}
