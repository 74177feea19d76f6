namespace MmapToolkit.Pager;

/// <summary>
/// How the pager picks a victim when every frame is in use. The semantics are those of the model's trace simulator
/// (MmapToolkit.Model.Replacement), so one trace gives the same faults on both.
/// </summary>
public enum PagerPolicy
{
    /// <summary>Evict the page resident longest.</summary>
    Fifo = 0,

    /// <summary>Second chance: a hand sweeps the frames, clearing reference bits, and evicts the first page whose bit is
    /// clear. A bit is cleared by making the page inaccessible; the next access faults and sets it again.</summary>
    Clock = 1,

    /// <summary>Exact least-recently-used: every resident page except the current one is kept inaccessible, so every
    /// change of page is a (reference) fault the pager sees. Exact for one thread.</summary>
    Lru = 2,

    /// <summary>Victim frame = SplitMix64(seed).Next() % frames, one draw per eviction.</summary>
    Random = 3,

    /// <summary>Belady's MIN: the page whose next use is farthest away (ties: lowest frame). Needs the future:
    /// <see cref="UserPager.SetFutureTrace"/> and <see cref="UserPager.SetTracePosition"/>.</summary>
    Opt = 4,

    /// <summary>WSClock (Carr and Hennessy): a hand sweeps the frames as CLOCK's does, and evicts the first page whose
    /// bit is clear and whose last use is more than <see cref="PagerOptions.Tau"/> references of virtual time ago (a dirty
    /// one is written back and passed first). Needs the program's virtual time: <see cref="UserPager.VirtualTime"/>,
    /// which <see cref="PagerReplay"/> advances. The model's <c>WsClockPolicy</c>, decision for decision.</summary>
    WsClock = 5,
}

/// <summary>Parsing policy names as the model spells them (fifo, clock, lru, random, opt, wsclock).</summary>
public static class PagerPolicyNames
{
    /// <summary>The policy named <paramref name="name"/> (any case; also second-chance, rand, min, belady; wsclock); an unknown name throws <see cref="ArgumentException"/>.</summary>
    public static PagerPolicy Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fifo" => PagerPolicy.Fifo,
        "clock" or "second-chance" => PagerPolicy.Clock,
        "lru" => PagerPolicy.Lru,
        "random" or "rand" => PagerPolicy.Random,
        "opt" or "min" or "belady" => PagerPolicy.Opt,
        "wsclock" => PagerPolicy.WsClock,
        _ => throw new ArgumentException($"unknown pager policy '{name}': use fifo, clock, lru, random, opt or wsclock"),
    };

    /// <summary>The policy's name in lower case, as <see cref="Parse"/> reads it.</summary>
    public static string Name(this PagerPolicy policy) => policy.ToString().ToLowerInvariant();
}
