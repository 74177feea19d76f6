using System.CommandLine;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk sim</c> that set the policies' parameters (<see cref="PolicyOptions"/>; defaults
/// in docs/model.md). Each option is named after its property (<see cref="OptionNames"/>), so validation messages and
/// the command line agree.</summary>
internal sealed class SimPolicyParameters
{
    private readonly Option<double?> _kin = new("--kin") { Description = "2q: share of the frames A1in may hold before its oldest page goes (default 0.25)." };
    private readonly Option<double?> _kout = new("--kout") { Description = "2q: identities A1out remembers, as a share of the frames (default 0.5)." };
    private readonly Option<double?> _small = new("--small-fraction") { Description = "s3fifo: share of the frames for the small queue S (default 0.10)." };
    private readonly Option<double?> _ghost = new("--ghost-fraction") { Description = "s3fifo: identities the ghost queue G remembers, as a share of the frames (default 0.90)." };
    private readonly Option<int?> _bits = new("--bits") { Description = "aging: bits per counter, 1 to 32 (default 8)." };
    private readonly Option<long?> _period = new("--period") { Description = "aging, nru: references between clock ticks (default: the frame count)." };
    private readonly Option<string?> _lfuTies = new("--lfu-ties") { Description = "lfu, mfu: among equal counts evict the page loaded first (loaded, default) or the one that reached its count first (reached, libCacheSim's)." };
    private readonly Option<long?> _tau = new("--tau") { Description = "ws, wsclock: the working-set window τ in references (default 1000)." };
    private readonly Option<long?> _window = new("--window") { Description = "pff: the critical inter-fault interval T in references (default 1000)." };

    public static SimPolicyParameters Create() => new();

    public IEnumerable<Option> Options => [_kin, _kout, _small, _ghost, _bits, _period, _lfuTies, _tau, _window];

    public PolicyOptions Read(ParseResult parse)
    {
        var d = PolicyOptions.Default;
        string? ties = parse.GetValue(_lfuTies);
        return new PolicyOptions
        {
            Kin = parse.GetValue(_kin) ?? d.Kin,
            Kout = parse.GetValue(_kout) ?? d.Kout,
            SmallFraction = parse.GetValue(_small) ?? d.SmallFraction,
            GhostFraction = parse.GetValue(_ghost) ?? d.GhostFraction,
            Bits = parse.GetValue(_bits) ?? d.Bits,
            Period = parse.GetValue(_period) ?? d.Period,
            LfuTies = ties is null ? d.LfuTies : SimRunner.ParseLfuTies(ties),
            Tau = parse.GetValue(_tau) ?? d.Tau,
            Window = parse.GetValue(_window) ?? d.Window,
        };
    }

    /// <summary>The <see cref="PolicyOptions"/> properties given on the command line.</summary>
    public IReadOnlyList<string> Given(ParseResult parse)
    {
        var given = new List<string>();
        void Add(Option option, string property)
        {
            if (parse.GetResult(option) is { Implicit: false }) given.Add(property);
        }
        Add(_kin, nameof(PolicyOptions.Kin));
        Add(_kout, nameof(PolicyOptions.Kout));
        Add(_small, nameof(PolicyOptions.SmallFraction));
        Add(_ghost, nameof(PolicyOptions.GhostFraction));
        Add(_bits, nameof(PolicyOptions.Bits));
        Add(_period, nameof(PolicyOptions.Period));
        Add(_lfuTies, nameof(PolicyOptions.LfuTies));
        Add(_tau, nameof(PolicyOptions.Tau));
        Add(_window, nameof(PolicyOptions.Window));
        return given;
    }
}
