namespace MmapToolkit.Model.Replacement;

/// <summary>
/// A page-replacement policy over a fixed set of physical frames 0..Frames-1, shared by the trace simulator and the
/// kernel model. The caller owns placement: it puts a missing page into the lowest-numbered free frame while one
/// exists, and asks the policy for a victim only when every frame is occupied.
/// <para>Call protocol, per reference: a hit calls <see cref="OnHit"/>; a miss with a free frame calls
/// <see cref="OnLoad"/>; a miss with no free frame calls <see cref="ChooseVictim"/>, then <see cref="OnRemove"/> for the
/// frame it returned, then <see cref="OnLoad"/> for the same frame. A frame freed for another reason (munmap, exit)
/// calls <see cref="OnRemove"/> alone.</para>
/// </summary>
public interface IReplacementPolicy
{
    /// <summary>The policy's canonical name (as <see cref="PolicyFactory.Create"/> accepts it).</summary>
    string Name { get; }

    int Frames { get; }

    /// <summary><paramref name="page"/> (an opaque identity) was placed into the free frame <paramref name="frame"/>.</summary>
    void OnLoad(int frame, long page);

    /// <summary>The page in <paramref name="frame"/> was referenced (what the hardware's referenced bit records).</summary>
    void OnHit(int frame);

    /// <summary>Every frame is occupied and <paramref name="incomingPage"/> is missing: the frame to evict. The page stays
    /// until <see cref="OnRemove"/>.</summary>
    int ChooseVictim(long incomingPage);

    /// <summary>The page in <paramref name="frame"/> left memory; the frame is free.</summary>
    void OnRemove(int frame);
}
