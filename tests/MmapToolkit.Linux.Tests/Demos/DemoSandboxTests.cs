using MmapToolkit.Demos;
using MmapToolkit.Demos.Kernels.Real;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Linux.Tests.Cli;
using MmapToolkit.Linux.Tests.Observers;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// A scenario writes only inside its run directory: the escapes of issue 9 are refused by the parser (as FILE:LINE,
/// exit 2) and, handed to the real side without the parser, by the run directory itself. The target is a private
/// directory standing in for /etc or any other place; it must stay empty.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public sealed class DemoSandboxTests : IDisposable
{
    private readonly TempDirectory _target = new();
    private readonly TempDirectory _scenarios = new();

    public void Dispose()
    {
        _target.Dispose();
        _scenarios.Dispose();
    }

    private string Relative(string name) => string.Concat(Enumerable.Repeat("../", 12)) + _target.Path.TrimStart('/') + "/" + name;

    public static TheoryData<string, int> Escapes() => new()
    {
        { "file {T}/passwd 1 data", 5 },
        { "file {REL}/rel.txt 1", 5 },
        { "file {T}/prog 4 program", 5 },
        { "file {T}/mem 1 memory", 5 },
        { "file prog 4 program\nfork main {T}/pwn\nexec {T}/pwn prog", 6 },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void TheCommandLineRefusesEachEscapeWithItsLineAndWritesNothing(string step, int line)
    {
        string path = _scenarios.File("escape.scenario");
        File.WriteAllText(path, "demo x\ntopic 8 t\nagree faults\nprocess main\n" + Expand(step) + "\n");

        var r = MmaptkCli.Run("demo", path);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"mmaptk: error: {path}:{line}: ", r.Stderr);
        Assert.Contains("is a plain name", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(_target.Path));
    }

    private string Expand(string step) => step.Replace("{REL}", Relative("").TrimEnd('/')).Replace("{T}", _target.Path);

    /// <summary>Steps built by hand, as a parser bug would let them through: the run directory still refuses.</summary>
    public static TheoryData<string> HostileFileNames() => ["{T}/passwd", "{REL}/rel.txt", "..", ".", "sub/x"];

    [Theory]
    [MemberData(nameof(HostileFileNames))]
    public void TheRealSideRefusesAPathOutsideItsRunDirectoryEvenWithoutTheParser(string name)
    {
        string file = Expand(name);
        foreach (var kind in new[] { FileKind.Data, FileKind.Program })
        {
            var scenario = Hostile(new ProcessStep(1, "process main", "main"), new FileStep(2, "file", file, 4, kind, null));
            var e = Assert.Throws<InvalidOperationException>(() => DemoSession.Run(scenario));
            Assert.Contains("a run writes only inside its own directory", e.Message);
        }
        Assert.Empty(Directory.GetFileSystemEntries(_target.Path));
    }

    [Fact]
    public void AHostileProcessNameNeverBecomesAPath()
    {
        string child = _target.Path + "/pwn";
        var scenario = Hostile(
            new ProcessStep(1, "process main", "main"),
            new FileStep(2, "file prog 4 program", "prog", 4, FileKind.Program, null),
            new ForkStep(3, "fork", "main", child, ForkStrategy.CopyOnWrite),
            new ExecStep(4, "exec", child, "prog", null),
            new ExitStep(5, "exit", child));

        var result = DemoSession.Run(scenario);

        Assert.Null(result.KernelSkipped);
        Assert.Equal("none", result.Comparisons.Single(c => c.Line == 4 && c.Counter == "error").Kernel.Value);
        Assert.Empty(Directory.GetFileSystemEntries(_target.Path));
    }

    [Fact]
    public void ASystemFileIsNeverOpenedForWritingEvenWithoutTheParser()
    {
        string system = _target.File("library.so", new byte[4096]);
        var scenario = Hostile(
            new ProcessStep(1, "process main", "main"),
            new FileStep(2, "file lib 1 system", "lib", 1, FileKind.System, null, system),
            new OpenWriteStep(3, "open-write main lib", "main", "lib"));

        var e = Assert.Throws<InvalidOperationException>(() => DemoSession.Run(scenario));

        Assert.Equal("'lib' is a system file: a run never writes to it", e.Message);
        Assert.Equal(new byte[4096], File.ReadAllBytes(system));
    }

    [Fact]
    public void RunDirectoryPathsStayInside()
    {
        using var run = RunDirectory.Create();
        Assert.Equal(Path.Combine(run.Path, "data.txt"), run.PathOf("data.txt"));
        foreach (string name in new[] { "../x", "/tmp/x", "a/b", ".", "..", "", "x\0y", new string('n', 256) })
            Assert.Throws<InvalidOperationException>(() => run.PathOf(name));
    }

    private static Scenario Hostile(params Step[] steps) =>
        new("hostile", "hostile.scenario", 8, "t", [], new HashSet<string>(), new Dictionary<string, Explanation>(), steps,
            new Dictionary<int, IReadOnlyDictionary<string, Explanation>>());
}
