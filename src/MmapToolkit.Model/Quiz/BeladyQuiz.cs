using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Quiz;

/// <summary>
/// A Belady's-anomaly exercise: a seeded reference string on which FIFO takes more faults with more frames somewhere.
/// The question is FIFO's fault count for every frame count from 1 to the string's distinct pages (more frames change
/// nothing), and where the count goes up; the answers come from the model's FIFO.
/// </summary>
public sealed record BeladyQuiz(IReadOnlyList<long> References, IReadOnlyList<long> FaultsByFrames)
{
    /// <summary>Generated strings use pages 0 .. Pages-1 and are MinLength to MaxLength references long.</summary>
    public const int Pages = 5, MinLength = 12, MaxLength = 16;

    /// <summary>Strings tried before giving up (seeds 0..999 all find one within a few thousand; the tests check).</summary>
    public const int MaxCandidates = 1_000_000;

    /// <summary>The largest frame count asked about: the string's distinct pages.</summary>
    public int MaxFrames => FaultsByFrames.Count;

    /// <summary>FIFO faults with <paramref name="frames"/> frames (1 .. <see cref="MaxFrames"/>).</summary>
    public long Faults(int frames) => FaultsByFrames[frames - 1];

    /// <summary>The frame counts k where FIFO faults more with k frames than with k-1.</summary>
    public IReadOnlyList<int> AnomalyFrames
        => [.. Enumerable.Range(2, Math.Max(0, MaxFrames - 1)).Where(k => Faults(k) > Faults(k - 1))];

    /// <summary>The first string drawn from <paramref name="seed"/> (SplitMix64) that shows the anomaly.</summary>
    public static BeladyQuiz Generate(ulong seed)
    {
        var rng = new SplitMix64(seed);
        for (int candidate = 0; candidate < MaxCandidates; candidate++)
        {
            int length = MinLength + (int)(rng.Next() % (MaxLength - MinLength + 1));
            var refs = new long[length];
            for (int i = 0; i < length; i++) refs[i] = (long)(rng.Next() % Pages);
            var quiz = Solve(refs);
            if (quiz.AnomalyFrames.Count > 0) return quiz;
        }
        throw new InvalidOperationException($"no reference string with Belady's anomaly in {MaxCandidates} candidates for seed {seed}");
    }

    /// <summary>FIFO's faults on <paramref name="references"/> for 1 .. distinct-pages frames.</summary>
    public static BeladyQuiz Solve(IReadOnlyList<long> references)
    {
        var trace = DenseTrace.From(references.Select(p => new PageReference(p, false)).ToArray());
        var faults = new long[Math.Max(1, trace.Distinct)];
        for (int k = 1; k <= faults.Length; k++) faults[k - 1] = TraceSimulator.Run("fifo", k, trace).Faults;
        return new BeladyQuiz([.. references], faults);
    }
}
