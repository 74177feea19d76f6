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
