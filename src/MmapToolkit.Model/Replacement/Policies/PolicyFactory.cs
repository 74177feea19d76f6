using System.Globalization;

namespace MmapToolkit.Model.Replacement;

/// <summary>Creates policies by name (case-insensitive): fifo, lru, opt, clock, clock0 (loaded with bit 0),
/// clock2..clock8 (n-bit counter CLOCK), random, lfu, mfu, sieve, arc, 2q, s3fifo, lru2, aging, nru, lirs, clockpro (and, for VariableAllocation only, ws, pff, wsclock). Their parameters
/// come from <see cref="PolicyOptions"/>.</summary>
public static class PolicyFactory
{
    /// <summary>The names <see cref="Create"/> accepts ("clockN" stands for clock2 .. clock8).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["fifo", "lru", "opt", "clock", "clock0", "clockN", "random", "lfu", "mfu", "sieve", "arc", "2q", "s3fifo", "lru2", "aging", "nru", "lirs", "clockpro",
         "ws", "pff", "wsclock"];

    private static readonly HashSet<string> Plain =
        ["fifo", "lru", "opt", "clock", "clock0", "random", "lfu", "mfu", "sieve", "arc", "2q", "s3fifo", "lru2", "aging", "nru", "lirs", "clockpro"];

    /// <summary>Canonical lower-case name, or an <see cref="ArgumentException"/> listing the valid names.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant();
        if (n == "min") return "opt";
        if (Plain.Contains(n) || VariableAllocation.IsVariable(n)) return n;
        if (ClockBits(n) is int bits) return bits == 1 ? "clock" : $"clock{bits}";
        throw new ArgumentException($"unknown policy '{name}'; valid policies: {string.Join(", ", Names)} (clockN = clock2 .. clock8)");
    }

    /// <param name="name">A policy name (see <see cref="Names"/>).</param>
    /// <param name="frames">Number of frames, at least 1.</param>
    /// <param name="seed">Seed for random.</param>
    /// <param name="nextUse">For opt only: the trace's next-use positions (<see cref="OptPolicy.NextUses"/>).</param>
    public static IReplacementPolicy Create(string name, int frames, ulong seed = 1, int[]? nextUse = null)
        => Create(name, frames, PolicyOptions.Default, seed, nextUse);

    /// <summary>The same with the policies' parameters (validated here: a bad value is an <see cref="ArgumentException"/>).</summary>
    public static IReplacementPolicy Create(string name, int frames, PolicyOptions options, ulong seed = 1, int[]? nextUse = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), frames, "the number of frames must be at least 1");
        options.Validate();
        string n = Normalize(name);
        if (VariableAllocation.IsVariable(n))
            throw new ArgumentException($"{n} varies the number of frames it uses; it runs on a whole trace (VariableAllocation.Run, mmaptk sim --policy {n}), not in fixed frames");
        return n switch
        {
            "fifo" => new FifoPolicy(frames),
            "lru" => new LruPolicy(frames),
            "opt" => nextUse is null
                ? throw new ArgumentException("opt needs to know the future: it runs only on a whole trace (the trace simulator)")
                : new OptPolicy(frames, nextUse),
            "random" => new RandomPolicy(frames, seed),
            "lfu" => new LfuPolicy(frames, options.LfuTies),
            "mfu" => new MfuPolicy(frames, options.LfuTies),
            "sieve" => new SievePolicy(frames),
            "arc" => new ArcPolicy(frames),
            "clock0" => new ClockPolicy(frames, bits: 1, loadedReferenced: false),
            "2q" => new TwoQPolicy(frames, options.Kin, options.Kout),
            "s3fifo" => new S3FifoPolicy(frames, options.SmallFraction, options.GhostFraction),
            "lru2" => new LruKPolicy(frames),
            "aging" => new AgingPolicy(frames, options.Bits, options.Period),
            "nru" => new NruPolicy(frames, options.Period),
            "lirs" => new LirsPolicy(frames),
            "clockpro" => new ClockProPolicy(frames),
            _ => new ClockPolicy(frames, ClockBits(n)!.Value),
        };
    }

    private static int? ClockBits(string n)
    {
        if (n == "clock") return 1;
        if (n.StartsWith("clock", StringComparison.Ordinal)
            && int.TryParse(n.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) && bits is >= 1 and <= 8)
            return bits;
        return null;
    }
}
