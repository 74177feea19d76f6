namespace MmapToolkit.Model.Replacement;

/// <summary>How <see cref="LfuPolicy"/> and <see cref="MfuPolicy"/> break ties between pages with equal counts.</summary>
public enum LfuTies
{
    /// <summary>The page loaded earliest goes first (this toolkit's definition, the default).</summary>
    Loaded,

    /// <summary>The page that reached its current count earliest goes first (libCacheSim's LFU: FIFO within a count).</summary>
    Reached,
}

/// <summary>
/// The parameters of the policies that have any, with the defaults docs/model.md gives and the papers recommend.
/// Policies without parameters ignore it. <see cref="Validate(Func{string, string})"/> names the first bad value;
/// <c>mmaptk sim</c> calls it with its option names before anything runs.
/// </summary>
public sealed record PolicyOptions
{
    /// <summary>Every parameter at its default.</summary>
    public static PolicyOptions Default { get; } = new();

    /// <summary>2Q's Kin: the share of the frames the FIFO queue A1in may keep before its oldest page is evicted (the paper's 25 %).</summary>
    public double Kin { get; init; } = 0.25;

    /// <summary>2Q's Kout: how many evicted A1in pages the ghost queue A1out remembers, as a share of the frames (the paper's 50 %).</summary>
    public double Kout { get; init; } = 0.5;

    /// <summary>S3-FIFO: the share of the frames for the small FIFO queue S (the paper's 10 %).</summary>
    public double SmallFraction { get; init; } = 0.10;

    /// <summary>S3-FIFO: how many page identities the ghost queue G remembers, as a share of the frames (libCacheSim's 90 %).</summary>
    public double GhostFraction { get; init; } = 0.90;

    /// <summary>Aging: bits in each page's counter, 1 to 32.</summary>
    public int Bits { get; init; } = 8;

    /// <summary>Aging and NRU: references between two clock ticks (aging shifts the counters, NRU clears the reference
    /// bits); 0 means one tick every F references, F the number of frames.</summary>
    public long Period { get; init; }

    /// <summary>LFU and MFU: which of several pages with the same count is evicted.</summary>
    public LfuTies LfuTies { get; init; } = LfuTies.Loaded;

    /// <summary>The working-set window τ in references (ws, wsclock): W(t, τ) holds the pages referenced in the last τ references.</summary>
    public long Tau { get; init; } = 1000;

    /// <summary>PFF's critical inter-fault interval T in references: a fault more than T references after the previous one
    /// releases every page not referenced in between.</summary>
    public long Window { get; init; } = 1000;

    /// <summary>The tick period for <paramref name="frames"/> frames (<see cref="Period"/>, or F when it is 0).</summary>
    public long PeriodFor(int frames) => Period > 0 ? Period : frames;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value outside its range.</summary>
    public void Validate() => Validate(name => name);

    /// <summary>The same, each value named as <paramref name="name"/> spells the property (the command line: "--kin").</summary>
    public void Validate(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Fraction(Kin, nameof(Kin), name, allowOne: false);
        Fraction(Kout, nameof(Kout), name, allowOne: true);
        Fraction(SmallFraction, nameof(SmallFraction), name, allowOne: false);
        Fraction(GhostFraction, nameof(GhostFraction), name, allowOne: true);
        if (Bits is < 1 or > 32) throw new ArgumentException($"{name(nameof(Bits))} must be between 1 and 32 (got {Bits})", nameof(Bits));
        if (Period < 0) throw new ArgumentException($"{name(nameof(Period))} must be 0 (one tick per frame count of references) or a positive number of references (got {Period})", nameof(Period));
        if (!Enum.IsDefined(LfuTies)) throw new ArgumentException($"{name(nameof(LfuTies))}: unknown tie rule {LfuTies}", nameof(LfuTies));
        if (Tau < 1) throw new ArgumentException($"{name(nameof(Tau))} must be a positive number of references (got {Tau})", nameof(Tau));
        if (Window < 1) throw new ArgumentException($"{name(nameof(Window))} must be a positive number of references (got {Window})", nameof(Window));
    }

    // A share of the frames: 0 ≤ v < 1 (or ≤ 1 where a queue may be as large as memory).
    private static void Fraction(double value, string property, Func<string, string> name, bool allowOne)
    {
        bool ok = !double.IsNaN(value) && value >= 0 && (allowOne ? value <= 1 : value < 1);
        if (!ok)
            throw new ArgumentException($"{name(property)} is a share of the frames, from 0 to {(allowOne ? "1" : "below 1")} (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})", property);
    }
}
