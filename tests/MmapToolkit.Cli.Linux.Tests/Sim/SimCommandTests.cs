using System.CommandLine;
using System.Text.Json;
using MmapToolkit.Cli.Commands;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

public class SimCommandTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    internal static string Run(string policy = "lru", string? frames = "3", string? trace = Notes, string? file = null,
                               bool table = false, bool mrc = false, bool json = false, bool belady = false, bool subset = false,
                               WorkProgress? progress = null)
    {
        var output = new StringWriter();
        int rc = SimRunner.Execute(new SimRequest(policy, frames, trace, file, table, mrc, belady, subset, 1, json), output, progress);
        Assert.Equal(0, rc);
        return output.ToString();
    }

    [Fact]
    public void Json_has_faults_hits_and_references()
    {
        using var doc = JsonDocument.Parse(Run("fifo", "4", json: true));
        Assert.Equal(10, doc.RootElement.GetProperty("faults").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("hits").GetInt64());
        Assert.Equal(12, doc.RootElement.GetProperty("references").GetInt64());
    }

    [Fact]
    public void A_frame_range_gives_faults_per_frame_count()
    {
        using var doc = JsonDocument.Parse(Run("fifo", "1..5", json: true));
        var faults = doc.RootElement.GetProperty("results").EnumerateArray()
                        .Select(r => (r.GetProperty("frames").GetInt32(), r.GetProperty("faults").GetInt64())).ToArray();
        Assert.Equal([(1, 12L), (2, 12L), (3, 9L), (4, 10L), (5, 5L)], faults);
        Assert.Contains("Belady's anomaly", Run("fifo", "1..5"));
    }

    [Fact]
    public void Table_prints_the_notes_lines()
    {
        string text = Run("fifo", "3", table: true);
        Assert.Contains("physical page 1 :*0 0 0 *3 3 3 *4 4 4 4 4 4\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("9 faults, 3 hits", text);
    }

    [Fact]
    public void The_mrc_json_matches_per_size_runs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mrc-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, Notes.Replace(' ', '\n'));
            using var doc = JsonDocument.Parse(Run(frames: null, trace: null, file: path, mrc: true, json: true));
            var curve = doc.RootElement.GetProperty("curve").EnumerateArray().Select(p => p.GetProperty("faults").GetInt64()).ToArray();
            Assert.Equal([12L, 12, 10, 8, 5], curve);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_bad_trace_file_names_the_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, "0\n1\n2\nx7\n");
            var e = Assert.Throws<FormatException>(() => Run(trace: null, file: path));
            Assert.Contains("line 4", e.Message);
            Assert.Contains("'x7'", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lifo", "3", "unknown policy 'lifo'")]
    [InlineData("lru", "0", "--frames expects a frame count N from 1 to 2147483647, a range A..B or A..B/step, got '0'")]
    [InlineData("lru", "5..2", "empty")]
    [InlineData("lru", "a..b", "got 'a..b'")]
    [InlineData("lru", "x", "--frames expects a frame count N from 1 to 2147483647, a range A..B or A..B/step, got 'x'")]
    [InlineData("lru", "", "got ''")]
    [InlineData("lru", "1..100001", "--frames 1..100001: at most 100000 frame counts at once")]
    public void Bad_options_give_clear_errors(string policy, string frames, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Run(policy, frames));
        Assert.Contains(expected, e.Message);
        if (policy == "lifo") Assert.Contains("fifo, lru, opt, clock", e.Message);
    }

    [Fact]
    public void Lfu_subset_question_is_answered_with_a_counterexample()
    {
        Assert.Contains("lfu does NOT keep the subset property", Run("lfu", frames: null, trace: null, subset: true));
        Assert.Contains("held", Run("lru", frames: null, trace: null, subset: true));
    }

    [Fact]
    public void The_command_line_parses_into_the_runner()
    {
        var root = new RootCommand { SimCommand.Create() };
        var parse = root.Parse(["sim", "--policy", "clock", "--frames", "1..8", "--trace", Notes, "--json"]);
        Assert.Empty(parse.Errors);
        Assert.Empty(root.Parse(["sim", "--mrc", "--trace-file", "x.txt"]).Errors);
    }
}
