using System.Text.Json;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`sim --mrc --sample R` / `--sample-pages S` (SHARDS) and the rows of a long exact curve: a shortened table
/// always says so, and --frames A..B/step selects the rows.</summary>
public class SimSampleTests
{
    private static string Zipf(int length, int pages, int seed)
    {
        var rng = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, length).Select(_ => (int)Math.Floor(Math.Pow(pages, rng.NextDouble())) - 1));
    }

    [Fact]
    public void At_rate_one_the_sampled_curve_is_the_exact_curve_and_says_it_is_an_estimate()
    {
        string trace = Zipf(5000, 400, 1);
        var exact = Mmaptk.Run("sim", "--mrc", "--trace", trace, "--json").Json().GetProperty("curve");
        var sampled = Mmaptk.Run("sim", "--mrc", "--sample", "1", "--trace", trace, "--json").Json();
        Assert.Equal("shards", sampled.GetProperty("estimate").GetString());
        Assert.Equal(exact.EnumerateArray().Select(p => p.GetProperty("faults").GetInt64()),
                     sampled.GetProperty("curve").EnumerateArray().Select(p => p.GetProperty("estimated_faults").GetInt64()));
        var text = Mmaptk.Run("sim", "--mrc", "--sample", "0.5", "--trace", trace);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("ESTIMATED by SHARDS (fixed rate 0.5", text.Stdout);
    }

    [Fact]
    public void Fixed_size_keeps_at_most_the_pages_asked_for_and_frames_select_the_rows()
    {
        string trace = Zipf(20000, 3000, 2);
        var root = Mmaptk.Run("sim", "--mrc", "--sample-pages", "200", "--frames", "100..1000/300", "--trace", trace, "--json").Json();
        Assert.Equal("fixed-size", root.GetProperty("mode").GetString());
        Assert.Equal(200, root.GetProperty("sampled_pages").GetInt32());
        Assert.True(root.GetProperty("final_rate").GetDouble() < 1);
        Assert.Equal([100, 400, 700, 1000], root.GetProperty("curve").EnumerateArray().Select(p => p.GetProperty("frames").GetInt32()));
    }

    [Theory]
    [InlineData("--sample 0.1", "they go with --mrc")]
    [InlineData("--mrc --sample 0", "the sampling rate must be above 0 and at most 1")]
    [InlineData("--mrc --sample 2", "the sampling rate must be above 0 and at most 1")]
    [InlineData("--mrc --sample-pages 0", "at least 1 page")]
    [InlineData("--mrc --sample 0.000001", "no page of the")]
    public void Bad_sampling_options_are_one_line_and_exit_code_2(string options, string message)
    {
        var run = Mmaptk.Run([.. "sim --trace".Split(' '), "0 1 2 0 1", .. options.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    // Table rows with figures (the header row starts with '│' too).
    private static int Rows(string text) => text.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^│\s+\d"));

    [Fact]
    public void A_long_exact_curve_or_range_never_leaves_rows_out_without_saying_so()
    {
        string trace = Zipf(20000, 500, 3);
        var curve = Mmaptk.Run("sim", "--mrc", "--trace", trace).Stdout;
        int rows = Rows(curve);
        int distinct = DenseTrace.From(TraceParser.Parse(trace)).Distinct;
        Assert.True(rows < distinct);
        Assert.Contains($"{rows} of {distinct} frame counts shown", curve);
        var all = Mmaptk.Run("sim", "--mrc", "--all-rows", "--trace", trace).Stdout;
        Assert.Equal(distinct, Rows(all));
        Assert.DoesNotContain("frame counts shown", all);
        var range = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "1..300", "--trace", trace).Stdout;
        int shown = Rows(range);
        Assert.True(shown == 300 || range.Contains($"{300 - shown} rows with the same faults as both neighbours left out"), range);
        var stepped = Mmaptk.Run("sim", "--mrc", "--frames", "10..490/40", "--trace", trace).Stdout;
        Assert.Equal(13, Rows(stepped));
    }
}
