using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>A scenario file is read only when it is a regular file of at most 1 MiB: a device or a pipe could be endless.</summary>
public sealed class ScenarioSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-source-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnEndlessDeviceIsRefusedWithoutReadingIt()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.ParseFile("/dev/zero"));
        Assert.Equal("/dev/zero: not a regular file (a character device): a scenario is a text file", e.Message);
    }

    [Fact]
    public void ADirectoryIsRefused()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.ParseFile(_dir));
        Assert.Equal($"{_dir}: not a regular file (a directory): a scenario is a text file", e.Message);
    }

    [Fact]
    public void AFileOverOneMebibyteIsRefused()
    {
        string path = Path.Combine(_dir, "big.scenario");
        File.WriteAllText(path, "demo big\ntopic 1 big\nprocess main\n" + new string('#', ScenarioLimits.MaxFileBytes));
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.ParseFile(path));
        Assert.Contains("is larger than a scenario may be (1048576 bytes, 1 MiB)", e.Message);
    }

    [Fact]
    public void AFileOfExactlyTheLimitAndALinkToOneAreRead()
    {
        string head = "demo ok\ntopic 1 ok\nprocess main\n#";
        string path = Path.Combine(_dir, "ok.scenario");
        File.WriteAllText(path, head + new string('x', ScenarioLimits.MaxFileBytes - head.Length));
        string link = Path.Combine(_dir, "link.scenario");
        File.CreateSymbolicLink(link, path);

        Assert.Equal("ok", ScenarioParser.ParseFile(path).Name);
        Assert.Equal("ok", ScenarioParser.ParseFile(link).Name);
    }
}
