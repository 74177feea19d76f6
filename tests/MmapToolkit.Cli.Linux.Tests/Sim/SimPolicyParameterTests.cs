using System.Text.Json;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`mmaptk sim` with the issue-14 policies: their parameters as options, refused with one line when bad or
/// unused, and the variable-allocation policies' resident-set report.</summary>
public class SimPolicyParameterTests
{
    private const string Trace = "1 2 3 4 1 5 6 1 2 7 1 3 2 8 9 3 10";

    private static void AssertRefused(Mmaptk.Result run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_parameter_reaches_the_policy()
    {
        // 2Q with 4 frames: A1out remembers ⌊4·0.5⌋ = 2 pages by default (14 faults, TwoQPolicyTests' hand check); with --kout 0 it
        // remembers none and 2Q is FIFO.
        string DefaultRun() => Mmaptk.Run("sim", "--policy", "2q", "--frames", "4", "--trace", Trace, "--json").Stdout;
        using var byDefault = JsonDocument.Parse(DefaultRun());
        Assert.Equal(14, byDefault.RootElement.GetProperty("faults").GetInt64());
        var withKin = Mmaptk.Run("sim", "--policy", "2q", "--frames", "4", "--trace", Trace, "--kout", "0", "--json");
        using var doc = JsonDocument.Parse(withKin.Stdout);
        var expected = TraceSimulator.Run("2q", 4, DenseTrace.From(TraceParser.Parse(Trace)), PolicyOptions.Default with { Kout = 0 });
        Assert.NotEqual(14, expected.Faults);   // the parameter matters on this trace
        Assert.Equal(expected.Faults, doc.RootElement.GetProperty("faults").GetInt64());
    }

    [Theory]
    [InlineData("--kin is a share of the frames, from 0 to below 1 (got 1.5)", "--policy", "2q", "--frames", "4", "--kin", "1.5")]
    [InlineData("--bits must be between 1 and 32 (got 40)", "--policy", "aging", "--frames", "4", "--bits", "40")]
    [InlineData("--tau must be a positive number of references (got 0)", "--policy", "ws", "--tau", "0")]
    [InlineData("--lfu-ties expects loaded (the page loaded first goes) or reached (the page that reached its count first goes), got 'x'", "--policy", "lfu", "--frames", "2", "--lfu-ties", "x")]
    [InlineData("--tau is a parameter of ws and wsclock, not of --policy lru", "--policy", "lru", "--frames", "2", "--tau", "5")]
    [InlineData("--policy ws chooses its own number of frames (the working set's); drop --frames", "--policy", "ws", "--frames", "2")]
    [InlineData("--policy wsclock needs --frames N, the pool of frames its hand sweeps", "--policy", "wsclock")]
    [InlineData("--policy ws,lru: ws varies the frames it uses; run it on its own", "--policy", "ws,lru", "--frames", "2")]
    public void Bad_values_are_refused_with_one_line(string message, params string[] args)
    {
        AssertRefused(Mmaptk.Run(["sim", "--trace", Trace, .. args]), message);
    }

    [Fact]
    public void Ws_prints_the_frames_it_used()
    {
        // VariableAllocationTests' hand check: 6 faults, resident set mean 21/9, max 3.
        var run = Mmaptk.Run("sim", "--policy", "ws", "--tau", "3", "--trace", "1 2 1 3 2 4 1 1 5");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("ws (tau 3), 9 references: 6 faults, 3 hits (fault rate 66.7 %)\nresident set: mean 2.3 frames, max 3 frames used",
                     run.Stdout.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Pff_json_has_the_resident_set_and_no_pool()
    {
        // VariableAllocationTests' hand check: 6 faults, resident set mean 2.9, max 4.
        var run = Mmaptk.Run("sim", "--policy", "pff", "--window", "2", "--trace", "1 2 3 1 2 4 4 4 5 1", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var root = run.Json();
        Assert.Equal((6L, 2.9, 4), (root.GetProperty("faults").GetInt64(), root.GetProperty("mean_resident").GetDouble(), root.GetProperty("max_resident").GetInt32()));
        Assert.Equal("window 2", root.GetProperty("parameter").GetString());
        Assert.False(root.TryGetProperty("frames", out _));
    }

    [Fact]
    public void Wsclock_json_has_the_resident_set_and_its_victims()
    {
        var run = Mmaptk.Run("sim", "--policy", "wsclock", "--frames", "3", "--tau", "2", "--trace", "1w 2 3 4 3 3 3 3 5 6", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(6, root.GetProperty("faults").GetInt64());
        Assert.Equal(3, root.GetProperty("max_resident").GetInt32());
        Assert.Equal(1, root.GetProperty("evictions_outside_working_set").GetInt64());
        Assert.Equal(2, root.GetProperty("evictions_inside_working_set").GetInt64());
    }
}
