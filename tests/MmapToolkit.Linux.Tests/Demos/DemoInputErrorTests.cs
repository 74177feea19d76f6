using MmapToolkit.Linux.Tests.Cli;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// Inputs that used to run out of memory, loop, or fail half-way with a .NET message: `mmaptk demo` now refuses each
/// with one stderr line naming the file (and line) and the problem, and exit code 2, before running any step.
/// </summary>
public sealed class DemoInputErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AnEndlessDeviceAsTheScenarioIsRefused()
    {
        var r = MmaptkCli.Run("demo", "/dev/zero");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("mmaptk: error: /dev/zero: not a regular file (a character device): a scenario is a text file", r.Stderr.Trim());
    }

    [Theory]
    [InlineData("map main h 2147483647 anon private rw noreserve\ntouch main h all write", 5, "'touch ... all' names 2147483647 pages")]
    [InlineData("file big 524288 data", 4, "'524288' is not a valid page count")]
    [InlineData("replay fifo 3 0 9223372036854775806", 4, "a replay names pages 0..65535")]
    [InlineData("replay fifo 3 0..2147483647", 4, "a replay has at most 100000 references")]
    [InlineData("file z 1 system=/dev/zero", 4, "is a character device, not a regular file")]
    [InlineData("map main r 2 anon private rw\nprotect main r 0 none\ntouch main r 0 read", 6, "page 0 of 'r' is protected none in 'main'")]
    public void AnInputBeyondWhatCanRunIsOneLineWithItsLineAndExitTwo(string body, int line, string expected)
    {
        string path = _dir.File("limits.scenario");
        File.WriteAllText(path, "demo limits\ntopic 2 t\nprocess main\n" + body + "\n");

        var r = MmaptkCli.Run("demo", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"mmaptk: error: {path}:{line}: ", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.Empty(r.Stdout);
    }
}
