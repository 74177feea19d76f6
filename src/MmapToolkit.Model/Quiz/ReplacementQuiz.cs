using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Quiz;

/// <summary>One access of a replacement quiz, answered: hit or miss, the page evicted (null if none), and what each
/// frame holds afterwards (frame 0 first; null for a free frame).</summary>
public sealed record ReplacementQuizAccess(long Page, bool Hit, long? Evicted, IReadOnlyList<long?> Frames);

/// <summary>
/// An OSTEP-style page-replacement exercise (after <c>paging-policy.py</c>): a reference string, a policy and a frame
/// count; the answers come from the model's own <see cref="ReplacementEngine"/> and policies, access by access. The
/// frames start empty, a missing page goes into the lowest-numbered free frame while one exists, then the policy picks
/// the victim. For FIFO and LRU every hit and every victim equals OSTEP's; for OPT every hit equals OSTEP's, and the
/// victim may differ only when several resident pages are never referenced again (docs/quiz.md says why).
/// </summary>
public sealed record ReplacementQuiz(string Policy, int Frames, IReadOnlyList<long> Addresses, IReadOnlyList<ReplacementQuizAccess> Accesses)
{
    /// <summary>A generated string has this many references (OSTEP's default -n 10) …</summary>
    public const int GeneratedLength = 10;

    /// <summary>… to pages 0 .. GeneratedPages-1 (OSTEP's default -m 10).</summary>
    public const int GeneratedPages = 10;

    /// <summary>The largest frame count and reference string a quiz takes (a quiz is read by a person).</summary>
    public const int MaxFrames = 64, MaxAddresses = 10_000;

    public int Hits => Accesses.Count(a => a.Hit);
    public int Misses => Accesses.Count - Hits;

    /// <summary>The reference string for a seed: <see cref="GeneratedLength"/> pages drawn uniformly from
    /// 0..<see cref="GeneratedPages"/>-1 with SplitMix64 (not OSTEP's Python generator: the same seed gives other pages).</summary>
    public static long[] Generate(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var pages = new long[GeneratedLength];
        for (int i = 0; i < pages.Length; i++) pages[i] = (long)(rng.Next() % GeneratedPages);
        return pages;
    }

    /// <summary>Runs <paramref name="policy"/> with <paramref name="frames"/> frames over <paramref name="addresses"/>.</summary>
    /// <param name="seed">For the random policy only.</param>
    public static ReplacementQuiz Solve(string policy, int frames, IReadOnlyList<long> addresses, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        string name = PolicyFactory.Normalize(policy);
        if (frames is < 1 or > MaxFrames) throw new ArgumentOutOfRangeException(nameof(frames), frames, $"a quiz takes 1 to {MaxFrames} frames");
        if (addresses.Count is 0 or > MaxAddresses)
            throw new ArgumentException($"a quiz takes 1 to {MaxAddresses} addresses, got {addresses.Count}", nameof(addresses));
        var trace = DenseTrace.From(addresses.Select(p => new PageReference(p, false)).ToArray());
        int[]? nextUse = name == "opt" ? OptPolicy.NextUses(trace.Ids, trace.Distinct) : null;
        var engine = new ReplacementEngine(PolicyFactory.Create(name, frames, seed, nextUse), trace);
        var accesses = new ReplacementQuizAccess[trace.Length];
        for (int i = 0; i < trace.Length; i++)
        {
            bool hit = engine.Step(trace.Ids[i], write: false);
            long? evicted = engine.LastEvictedId < 0 ? null : trace.PageOfId[engine.LastEvictedId];
            var contents = new long?[frames];
            for (int f = 0; f < frames; f++)
            {
                int id = engine.IdInFrame(f);
                contents[f] = id < 0 ? null : trace.PageOfId[id];
            }
            accesses[i] = new ReplacementQuizAccess(addresses[i], hit, evicted, contents);
        }
        return new ReplacementQuiz(name, frames, [.. addresses], accesses);
    }
}
