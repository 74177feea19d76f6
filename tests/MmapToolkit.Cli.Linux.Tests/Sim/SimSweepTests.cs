using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`mmaptk sim --policy a,b,c|all --frames A..B[/step]`, and --mrc's rules.</summary>
public class SimSweepTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    private static string Run(string policy, string? frames, string trace, bool json = false, bool mrc = false, bool allRows = false)
    {
        var output = new StringWriter();
        Assert.Equal(0, SimRunner.Execute(new SimRequest(policy, frames, trace, null, false, mrc, false, false, 5, json, AllRows: allRows), output));
        return output.ToString();
    }

    private static string RandomTrace(int seed, int length, int pages)
    {
        var rng = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, length).Select(_ => rng.Next(pages) + (rng.Next(5) == 0 ? "w" : "")));
    }

    [Fact]
    public void All_policies_in_one_document_equal_each_policy_s_own_runs()
    {
        string trace = RandomTrace(3, 3000, 45);
        using var doc = JsonDocument.Parse(Run("all", "2..50/4", trace, json: true));
        var root = doc.RootElement;
        Assert.Equal([2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50], root.GetProperty("frames").EnumerateArray().Select(f => f.GetInt32()));
        var policies = root.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(SimRunner.AllPolicies, policies.Select(p => p.GetProperty("policy").GetString()));
        var dense = DenseTrace.From(MmapToolkit.Model.Replacement.TraceParser.Parse(trace));
        foreach (var p in policies)
        {
            string name = p.GetProperty("policy").GetString()!;
            foreach (var r in p.GetProperty("results").EnumerateArray())
            {
                var alone = TraceSimulator.Run(name, r.GetProperty("frames").GetInt32(), dense, seed: 5);
                Assert.Equal(alone.Faults, r.GetProperty("faults").GetInt64());
                Assert.Equal(alone.SwapOuts, r.GetProperty("swap_outs").GetInt64());
            }
        }
    }

    [Fact]
    public void Beladys_anomaly_is_flagged_per_policy()
    {
        string text = Run("fifo,lru,opt", "1..5", Notes);
        Assert.Contains("│      4 │ 10 ! │  8   │  6   │", text);
        Assert.Contains("fifo: Belady's anomaly ('!': more frames, more faults) at 4 frames", text);
        Assert.Contains("lru: no Belady's anomaly in this range", text);
        using var doc = JsonDocument.Parse(Run("fifo,lru", "1..5", Notes, json: true));
        var anomalies = doc.RootElement.GetProperty("policies").EnumerateArray()
                           .Select(p => p.GetProperty("belady_anomalies").EnumerateArray().Select(a => a.GetInt32()).ToArray()).ToArray();
        Assert.Equal([[4], []], anomalies);
    }

    [Theory]
    [InlineData("8..128/8", 8, 128, 8, 16)]
    [InlineData("1..10/4", 1, 10, 4, 3)]
    [InlineData("7", 7, 7, 1, 1)]
    public void Frame_ranges_take_a_step(string text, int low, int high, int step, int count)
    {
        var r = SimRunner.ParseFrames(text);
        Assert.Equal((low, high, step, count), (r.Low, r.High, r.Step, r.Count));
    }

    [Theory]
    [InlineData("1..10/0", "the step after '/' must be a whole number")]
    [InlineData("5/2", "a step goes with a range A..B/step")]
    [InlineData("1..200001/2", "at most 100000 frame counts at once")]
    public void Bad_steps_are_refused(string text, string message)
        => Assert.Contains(message, Assert.Throws<ArgumentException>(() => SimRunner.ParseFrames(text)).Message);

    [Fact]
    public void Mrc_with_another_policy_is_refused_and_says_what_to_do()
    {
        var e = Assert.Throws<ArgumentException>(() => Run("fifo", null, Notes, mrc: true));
        Assert.Equal("--mrc is LRU's curve from one pass (LRU has the stack property; fifo may not): for fifo, "
                   + "--policy fifo --frames A..B simulates each frame count (in parallel)", e.Message);
        Assert.Contains("take one policy", Assert.Throws<ArgumentException>(() => Run("lru,fifo", null, Notes, mrc: true)).Message);
    }

    [Fact]
    public void A_long_curve_is_summarised_unless_every_row_is_asked_for()
    {
        string trace = RandomTrace(4, 20_000, 2000);
        string summary = Run("lru", null, trace, mrc: true);
        int rows = summary.Split('\n').Count(l => l.StartsWith("│", StringComparison.Ordinal));
        Assert.InRange(rows, 20, 40);
        Assert.Contains("frame counts shown (spread over the range, and the knees", summary);
        int all = Run("lru", null, trace, mrc: true, allRows: true).Split('\n').Count(l => l.StartsWith("│", StringComparison.Ordinal));
        Assert.True(all > 1900, $"{all} rows");
    }
}
