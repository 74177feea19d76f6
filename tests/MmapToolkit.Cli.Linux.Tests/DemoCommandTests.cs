using System.Text.Json;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><c>mmaptk demo</c> as a user runs it (in-process: the same command line): its exit code, its JSON, its error line.
/// Alone: the real side forks agents from this process.</summary>
[Collection(KernelCountersCollection.Name)]
public class DemoCommandTests
{
    [Fact]
    public void ListNamesEveryDemoWithItsTopic()
    {
        var r = Mmaptk.Run("demo", "--list", "--json");
        Assert.Equal(0, r.ExitCode);
        var demos = r.Json().EnumerateArray().ToList();
        Assert.True(demos.Count >= 21);
        Assert.Contains(demos, d => d.GetProperty("name").GetString() == "cow-fork" && d.GetProperty("topic").GetInt32() == 8);
    }

    [Fact]
    public void OneDemoAsJsonSaysWhetherItAgreesAndListsEachComparison()
    {
        var r = Mmaptk.Run("demo", "cow-fork", "--json", "--steps");
        Assert.Equal(0, r.ExitCode);
        var json = r.Json();
        Assert.Equal("cow-fork", json.GetProperty("name").GetString());
        Assert.True(json.GetProperty("agree").GetBoolean());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("differences").ValueKind);
        var faults = json.GetProperty("comparisons").EnumerateArray()
            .Where(c => c.GetProperty("counter").GetString() == "faults" && c.GetProperty("step").GetString()!.Contains("child1 heap 0..3 write value=9"))
            .Single();
        Assert.Equal("4", faults.GetProperty("model").GetString());
        Assert.Equal("4", faults.GetProperty("kernel").GetString());
        Assert.Contains(json.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("model").EnumerateArray().Any(m => m.GetString()!.Contains("copy", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void AnUnexplainedDifferenceFailsTheRunAndIsReported()
    {
        using var dir = new TempDirectory();
        // The model's broken lazy copy lets the child see the parent's later write; the real kernel (copy-on-write on
        // every kernel) does not. A difference on any kernel, which this scenario does not explain.
        string path = dir.File("unexplained.scenario");
        File.WriteAllText(path, """
            demo    unexplained
            topic   20 a lazy copy left unexplained
            process main
            map     main page 1 anon private rw
            touch   main page 0 write value=7
            fork    main bad lazy-broken
            touch   main page 0 write value=9
            touch   bad page 0 read
            """);

        var r = Mmaptk.Run("demo", path, "--json");

        Assert.Equal(1, r.ExitCode);
        var json = r.Json();
        Assert.False(json.GetProperty("agree").GetBoolean());
        var sum = json.GetProperty("differences").EnumerateArray().Single(d => d.GetProperty("counter").GetString() == "read-sum");
        Assert.Equal("9", sum.GetProperty("model").GetString());
        Assert.Equal("7", sum.GetProperty("kernel").GetString());
        Assert.False(sum.GetProperty("explained").GetBoolean());
        Assert.Equal("no explanation in the scenario", sum.GetProperty("reason").GetString());
    }

    [Fact]
    public void AScenarioWithAnErrorNamesTheFileAndTheLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.scenario");
        File.WriteAllText(path, "demo bad\ntopic 1 bad\nprocess main\nmap main r 4 anon private rw\ntouch main r 9 read\n");

        var r = Mmaptk.Run("demo", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:5: page 9 is outside region 'r' (pages 0..3)", r.Stderr);
    }

    [Fact]
    public void AnUnknownDemoListsTheKnownOnes()
    {
        var r = Mmaptk.Run("demo", "cow-frok");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no demo named 'cow-frok'", r.Stderr);
        Assert.Contains("cow-fork", r.Stderr);
    }
}
