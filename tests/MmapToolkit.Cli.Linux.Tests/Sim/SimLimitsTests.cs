using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Model.Replacement;
using static MmapToolkit.Cli.Linux.Tests.Sim.SimCommandTests;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary><c>mmaptk sim</c>'s limits (issue 9): sizes it cannot hold are refused by name, work is bounded up front.</summary>
public class SimLimitsTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    [Theory]
    [InlineData("lru")]
    [InlineData("fifo")]
    [InlineData("opt")]
    [InlineData("arc")]
    [InlineData("lfu")]
    [InlineData("random")]
    public void The_largest_frame_count_runs_and_reports_that_count(string policy)
    {
        using var doc = JsonDocument.Parse(Run(policy, "2147483647", "0 1 2", json: true));
        Assert.Equal(int.MaxValue, doc.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("faults").GetInt64());
    }

    [Fact]
    public void A_range_up_to_the_largest_count_gives_every_count()
    {
        using var doc = JsonDocument.Parse(Run("fifo", "2147483640..2147483647", Notes, json: true));
        var frames = doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("frames").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => 2147483640 + i), frames);
        Assert.All(doc.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(5, r.GetProperty("faults").GetInt64()));
    }

    [Fact]
    public void A_long_range_prints_only_the_rows_where_faults_change()
    {
        string text = Run("fifo", "1..1000", Notes);
        Assert.Contains("│      4 │     10 │", text);    // the anomaly row and its note stay
        Assert.Contains("Belady's anomaly", text);
        Assert.Contains("│   1000 │      5 │", text);
        Assert.DoesNotContain("│    500 │", text);
        // The sentence under the table, wrapped at the 80 columns a pipe gets.
        Assert.Matches(@"(?m)^\d+ rows with the same faults as both neighbours left out \(--json lists every\r?\nframe count\)\r?$", text);
        using var doc = JsonDocument.Parse(Run("fifo", "1..1000", Notes, json: true));
        Assert.Equal(1000, doc.RootElement.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("/dev/zero", "trace file '/dev/zero' is a character device, not a regular file of page numbers")]
    [InlineData("/", "trace file '/' is a directory, not a regular file of page numbers")]
    [InlineData("", "--trace-file needs a file name, got an empty string")]
    public void A_trace_file_must_be_a_regular_file(string path, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Run(frames: "3", trace: null, file: path));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Without_a_trace_the_searches_take_at_most_as_many_frames_as_their_pages(bool belady)
    {
        string mode = belady ? "--belady" : "--subset";
        var e = Assert.Throws<ArgumentException>(() => Run("fifo", "100000", trace: null, belady: belady, subset: !belady));
        Assert.Equal($"{mode} without a trace searches strings over 5 pages, where more than 5 frames never evict: --frames may be at most 5 "
                   + "(got 100000); give --trace or --trace-file to compare more", e.Message);
        Assert.Contains(belady ? "anomaly" : "subset property", Run("fifo", "5", trace: null, belady: belady, subset: !belady));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void On_a_trace_any_count_up_to_the_cap_finishes_with_the_answer_for_the_distinct_pages(bool belady)
    {
        string capped = Run("fifo", "100000", Notes, json: true, belady: belady, subset: !belady);
        string five = Run("fifo", "5", Notes, json: true, belady: belady, subset: !belady);
        Assert.Equal(five, capped);
        var e = Assert.Throws<ArgumentException>(() => Run("fifo", "100001", Notes, belady: belady, subset: !belady));
        Assert.Equal($"{(belady ? "--belady" : "--subset")} compares 1..N frames: --frames may be at most 100000 (got 100001)", e.Message);
    }

    [Theory]
    [InlineData("1..3000", false, false)]
    [InlineData("3000", true, false)]
    [InlineData("3000", false, true)]
    public void Work_past_the_limit_is_refused_before_it_starts(string frames, bool belady, bool subset)
    {
        // 200,000 references over 100,000 distinct pages: 3000 frame counts would simulate 600 million references.
        string trace = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => i % 100_000));
        var e = Assert.Throws<ArgumentException>(() => Run("fifo", frames, trace, belady: belady, subset: subset));
        Assert.Contains("on 200,000 references (100,000 distinct pages) means simulating", e.Message);
        Assert.Contains($"references; the limit is {SimRunner.MaxSimulatedReferences:N0}", e.Message);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    public void Modes_that_exclude_each_other_are_refused(bool belady, bool subset, bool mrc)
    {
        var e = Assert.Throws<ArgumentException>(() => Run("fifo", "3", Notes, belady: belady, subset: subset, mrc: mrc,
                                                           table: !(belady && subset)));
        Assert.Contains(belady && subset || subset && mrc ? "give only one of --belady, --subset and --mrc" : "--table goes with a plain run", e.Message);
    }
}
