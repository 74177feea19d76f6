using System.Text.Json;
using MmapToolkit.Linux.Tests.Cli;
using MmapToolkit.Linux.Tests.Observers;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Measurements;

/// <summary>The real <c>mmaptk cost</c>, with small sizes: every figure has its repetitions and exact fault counts. No time is checked.</summary>
[Collection(KernelCountersCollection.Name)]
public class CostCommandTests
{
    private const int Pages = 64, Touched = 8, Repetitions = 3;

    private static Dictionary<string, JsonElement> Run(TempDirectory dir, params string[] extra)
    {
        var run = MmaptkCli.Run(["cost", "--pages", $"{Pages}", "--touched", $"{Touched}", "--repetitions", $"{Repetitions}",
                                 "--fork-sizes", "16,128", "--directory", dir.Path, "--json", .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        return run.Json().GetProperty("measurements").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
    }

    private static long[]? Faults(JsonElement m, string key) =>
        m.GetProperty(key).ValueKind == JsonValueKind.Null ? null : m.GetProperty(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();

    [Fact]
    public void TheFiguresSayWhatLoadTheyWereMeasuredUnder()
    {
        using var dir = new TempDirectory();
        var run = MmaptkCli.Run(["cost", "--pages", $"{Pages}", "--touched", $"{Touched}", "--repetitions", "1", "--only", "demand-zero",
                                 "--directory", dir.Path, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.True(json.GetProperty("load_average").GetDouble() >= 0);
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("cores").GetInt32());
    }

    [Fact]
    public void EveryMeasurementHasOneSamplePerRepetitionAndExactFaultCounts()
    {
        using var dir = new TempDirectory();
        var ms = Run(dir);

        string[] names = ["demand_zero_touch", "memset_fresh", "memset_resident", "cow_fault", "fork_heap_16", "fork_heap_128",
                          "text_touch_random", "text_touch_readahead", "text_read_all"];
        Assert.Equal(names.Order(), ms.Keys.Order());
        foreach (var (name, m) in ms)
        {
            Assert.Equal(Repetitions, m.GetProperty("samples").GetInt32());
            Assert.Equal(Repetitions, m.GetProperty("values").GetArrayLength());
            foreach (string key in new[] { "unit", "median", "min", "max", "spread_percent", "total_median_us", "description" })
                Assert.True(m.TryGetProperty(key, out _), $"{name} has no {key}");
            Assert.True(m.GetProperty("min").GetDouble() <= m.GetProperty("median").GetDouble(), name);
            Assert.True(m.GetProperty("median").GetDouble() <= m.GetProperty("max").GetDouble(), name);
        }

        // One demand-zero fault per touched page; memset of a fresh mapping faults every page, of a resident one none.
        Assert.All(Faults(ms["demand_zero_touch"], "minor_faults")!, f => Assert.Equal(Touched, f));
        Assert.All(Faults(ms["memset_fresh"], "minor_faults")!, f => Assert.Equal(Pages, f));
        Assert.All(Faults(ms["memset_resident"], "minor_faults")!, f => Assert.Equal(0, f));
        // The child's k writes: k copy-on-write faults, no I/O.
        Assert.All(Faults(ms["cow_fault"], "minor_faults")!, f => Assert.Equal(Touched, f));
        Assert.All(Faults(ms["cow_fault"], "major_faults")!, f => Assert.Equal(0, f));
        // Text on demand from an evicted file with MADV_RANDOM: at least one page read in by a fault, never more than k.
        Assert.All(Faults(ms["text_touch_random"], "major_faults")!, f => Assert.InRange(f, 1, Touched));
        // read() does its I/O without a page fault.
        Assert.All(Faults(ms["text_read_all"], "major_faults")!, f => Assert.Equal(0, f));
        Assert.Null(Faults(ms["fork_heap_16"], "minor_faults"));
        Assert.Equal(128, ms["fork_heap_128"].GetProperty("pages_per_sample").GetInt64());

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void OnlyMeasuresTheNamedGroup()
    {
        using var dir = new TempDirectory();
        var ms = Run(dir, "--only", "cow-fault");
        Assert.Equal(["cow_fault"], ms.Keys);
    }

    [Fact]
    public void TextRunPrintsTheTableAndTheStory()
    {
        using var dir = new TempDirectory();
        var run = MmaptkCli.Run("cost", "--pages", "32", "--touched", "4", "--repetitions", "2", "--fork-sizes", "8,16", "--directory", dir.Path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("demand_zero_touch", run.Stdout);
        Assert.Contains("text_read_all", run.Stdout);
        Assert.Contains("touching 4 of 32 pages", run.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ADirectoryOnTmpfsIsRefusedBeforeAnythingIsMeasured()
    {
        Assert.Contains(File.ReadLines("/proc/mounts"), l => l.StartsWith("tmpfs /dev/shm ", StringComparison.Ordinal));
        var run = MmaptkCli.Run("cost", "--pages", "32", "--touched", "4", "--repetitions", "2", "--directory", "/dev/shm", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not tmpfs", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());   // no figure was measured, then thrown away
        Assert.Empty(Directory.GetFiles("/dev/shm", "mmaptk-cost-text-*"));
    }
}
