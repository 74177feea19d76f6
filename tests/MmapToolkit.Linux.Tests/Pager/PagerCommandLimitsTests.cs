using System.Text.Json;
using MmapToolkit.Pager;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The pager commands refuse sizes they cannot hold or finish with one clear line and exit code 2, before any
/// work; huge but sparse regions work; long replays report progress (on a terminal only).</summary>
[Collection(PagerCollection.Name)]
public class PagerCommandLimitsTests
{
    [Theory]
    [InlineData("2147483647", "pager", "--frames", "2147483647", "--trace", "0")]
    [InlineData("2147483647", "pager", "cost", "--pages", "16", "--repetitions", "2147483647")]
    [InlineData("100000", "pager", "cost", "--pages", "30000", "--repetitions", "100000")]
    [InlineData("3,000,000", "pager", "cost", "--pages", "30000", "--repetitions", "100")]
    [InlineData("--threads 4", "pager", "stress", "--pages", "1", "--frames", "1")]
    [InlineData("opt", "pager", "stress", "--policy", "opt")]
    [InlineData("wsclock measures ages in the program's virtual time", "pager", "stress", "--policy", "wsclock")]
    [InlineData("--tau is a parameter of wsclock, not of --policy lru", "pager", "--policy", "lru", "--tau", "5", "--frames", "1", "--trace", "0")]
    [InlineData("--tau must be a positive number of references (got 0)", "pager", "--policy", "wsclock", "--tau", "0", "--frames", "1", "--trace", "0")]
    [InlineData("4294967296", "pager", "stress", "--pages", "4294967296", "--frames", "1")]
    [InlineData("1E+300", "pager", "stress", "--seconds", "1e300")]
    [InlineData("address space", "pager", "--frames", "1", "--pages", "1125899906842624", "--trace", "0")]
    [InlineData("vm.max_map_count", "pager", "--backend", "sigsegv", "--frames", "1048576", "--trace", "0")]
    public void ASizeThatCannotBeHeldOrFinished_IsOneClearLine_ExitCode2(string named, params string[] args)
    {
        var result = RunMmaptk(args);
        Assert.Equal(2, result.ExitCode);
        string[] lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"stderr has {lines.Length} lines: {result.StdErr}");
        Assert.StartsWith("mmaptk: error: ", lines[0]);
        Assert.Contains(named, lines[0]);
        foreach (string dotnetism in new[] { "(Parameter", "Actual value was", "Exception", "   at " })
            Assert.DoesNotContain(dotnetism, lines[0]);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void AReplayOverPagesBeyond2To32_Works_AndAgreesWithTheModel()
    {
        var result = RunMmaptk("pager", "--policy", "lru", "--frames", "2", "--trace", "4294967295 0w 8589934591 4294967295 0 123456789w 0", "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(8589934592, json.GetProperty("pages").GetInt64());
        Assert.True(json.GetProperty("match").GetBoolean());
        Assert.Equal(json.GetProperty("model_faults").GetInt64(), json.GetProperty("faults").GetInt64());
    }

    [Fact]
    public void AReplayReportsProgress_InSteps_UpToTheLastReference()
    {
        using var pager = new UserPager(new PagerOptions { Pages = 8, Frames = 8, Policy = PagerPolicy.Fifo });
        int n = 2 * PagerReplay.ProgressInterval + 1234;
        var trace = Enumerable.Range(0, n).Select(i => new PagerAccess(i % 8, i % 3 == 0)).ToArray();
        var reported = new List<long>();
        var result = PagerReplay.Run(pager, trace, reported.Add);
        Assert.Equal(n, result.References);
        Assert.Equal([PagerReplay.ProgressInterval, 2L * PagerReplay.ProgressInterval, n], reported);
    }

    [Fact]
    public void PagerCostReportsEachRow()
    {
        var rows = new List<int>();
        var figures = PagerCost.Measure(pages: 16, repetitions: 1, rowDone: rows.Add);
        Assert.Equal(PagerCost.Rows, figures.Count);
        Assert.Equal(Enumerable.Range(1, PagerCost.Rows), rows);
    }

    [Fact]
    public void APipedReplay_PrintsNoProgress()
    {
        // 70,000 references, several progress steps (a terminal would show a bar); two pages in two frames, so only
        // two of them fault and the replay stays quick on a loaded machine.
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        string file = dir.File("trace.txt");
        File.WriteAllText(file, string.Join(' ', Enumerable.Range(0, 70_000).Select(i => (i % 2).ToString())));
        var result = RunMmaptk("pager", "--policy", "fifo", "--frames", "2", "--trace-file", file);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.DoesNotContain("replaying", result.StdOut + result.StdErr);
        Assert.Contains("the pager's real faults equal the model's", result.StdOut);
    }
}
