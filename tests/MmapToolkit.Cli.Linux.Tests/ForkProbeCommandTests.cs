using System.Text.Json;
using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><c>mmaptk fork-probe</c> in-process: the experiment forks an agent from this process, so it runs alone.</summary>
[Collection(KernelCountersCollection.Name)]
public class ForkProbeCommandTests
{
    [Theory]
    [InlineData(64, 10)]
    [InlineData(500, 500)]
    [InlineData(20, 0)]
    public void JsonRunReportsTheChildsFaultsAndTheShareCounts(int pages, int writes)
    {
        var run = Mmaptk.Run("fork-probe", "--pages", pages.ToString(), "--child-writes", writes.ToString(), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();

        foreach (string key in new[] { "child_minor_faults", "fork_seconds", "shared_before", "shared_after", "parent_minor_faults",
                                       "shared_before_reason", "shared_after_reason", "child_pid" })
            Assert.True(json.TryGetProperty(key, out _), $"key {key} missing from {run.Stdout}");
        Assert.Equal(writes, json.GetProperty("child_minor_faults").GetInt64());
        Assert.Equal(0, json.GetProperty("child_major_faults").GetInt64());
        Assert.True(json.GetProperty("fork_seconds").GetDouble() > 0);
        Assert.Equal(pages, json.GetProperty("parent_minor_faults").GetInt64());   // one demand-zero fault per page, exactly
        Assert.Equal("exited with 0", json.GetProperty("child_exit").GetString());
        Assert.False(Directory.Exists($"/proc/{json.GetProperty("child_pid").GetInt32()}"));

        if (Privileges.SeesFrames)
        {
            Assert.Equal(pages, json.GetProperty("shared_before").GetInt64());
            Assert.Equal(pages - writes, json.GetProperty("shared_after").GetInt64());
            Assert.Equal(writes, json.GetProperty("child_new_frames").GetInt64());
            Assert.Equal(JsonValueKind.Null, json.GetProperty("shared_before_reason").ValueKind);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty("shared_before").ValueKind);
            Assert.Equal(JsonValueKind.Null, json.GetProperty("shared_after").ValueKind);
            Assert.Contains("needs root", json.GetProperty("shared_after_reason").GetString());
        }
    }

    [Fact]
    public void TextRunPrintsATable()
    {
        var run = Mmaptk.Run("fork-probe", "--pages", "32", "--child-writes", "8");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("child: minor faults", run.Stdout);
        Assert.Contains("fork took", run.Stdout);
    }

    [Fact]
    public void Csv_is_a_row_per_table_row_with_the_figures_unformatted()
    {
        var run = Mmaptk.Run("fork-probe", "--pages", "1500", "--child-writes", "1200", "--csv");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("measure,value,unit,unavailable", lines[0]);
        // Exact: one demand-zero fault per parent page, one copy-on-write fault per child write (the JSON test's facts);
        // 1,500 and 1,200 are written without a thousands separator.
        Assert.Equal("parent_minor_faults,1500,faults,", lines[1]);
        Assert.Equal("parent_major_faults,0,faults,", lines[2]);
        Assert.Matches(@"^fork_ms,\d+(\.\d+)?(E-?\d+)?,ms,$", lines[3]);
        Assert.Equal("child_minor_faults,1200,faults,", lines[5]);
        Assert.Equal("child_major_faults,0,faults,", lines[6]);
        Assert.Matches(@"^child_write_ms,\d+(\.\d+)?(E-?\d+)?,ms,$", lines[7]);
        var rows = CsvRows.Parse(run.Stdout);
        Assert.Equal(["measure", "parent_minor_faults", "parent_major_faults", "fork_ms", "shared_before", "child_minor_faults",
                      "child_major_faults", "child_write_ms", "child_new_frames", "shared_after"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        if (Privileges.SeesFrames)
        {
            Assert.Equal("shared_before,1500,pages,", lines[4]);
            Assert.Equal("child_new_frames,1200,pages,", lines[8]);
            Assert.Equal("shared_after,300,pages,", lines[9]);
        }
        else
        {
            foreach (int i in new[] { 4, 8, 9 })
            {
                Assert.Equal(["", "pages"], rows[i][1..3]);
                Assert.Contains("needs root", rows[i][3]);
            }
        }
    }

    [Fact]
    public void Json_and_csv_together_are_refused_before_the_fork()
    {
        var run = Mmaptk.Run("fork-probe", "--pages", "8", "--child-writes", "2", "--json", "--csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: give only one of --json and --csv", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("10", "11", "--child-writes (11) cannot exceed --pages (10)")]
    [InlineData("0", "0", "--pages must be at least 1")]
    [InlineData("10", "-1", "--child-writes cannot be negative")]
    public void BadInputIsExitCodeTwoWithAMessage(string pages, string writes, string message)
    {
        var run = Mmaptk.Run("fork-probe", "--pages", pages, "--child-writes", writes, "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }
}
