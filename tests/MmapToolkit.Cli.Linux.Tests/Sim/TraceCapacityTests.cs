using MmapToolkit.Cli.Commands;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>
/// The room a trace file's references get before parsing is exact for one reference per line: one too many costs a
/// copy of the whole trace when the builder trims its arrays (on a 10M-reference trace, the run's peak memory).
/// </summary>
public class TraceCapacityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-capacity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("1\n2\n3\n", 3)]
    [InlineData("1\n2\n3", 3)]
    [InlineData("7\n", 1)]
    [InlineData("7", 1)]
    public void TextGetsOneReferencePerLine(string text, int expected)
        => Assert.Equal(expected, Expected(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void ABinaryTraceGetsItsRecordCount()
    {
        var trace = DenseTrace.From([new PageReference(1, false), new PageReference(2, true), new PageReference(1, false)]);
        using var bytes = new MemoryStream();
        TraceWriter.WriteAll(trace, TraceFormat.Binary, bytes, pageSize: 4096);
        Assert.Equal(3, Expected(bytes.ToArray()));
    }

    private int Expected(byte[] bytes)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        using var mapping = new MappingOptions().Protection(Protection.Read).Private().MapFile(path);
        return TraceInput.ExpectedReferences(mapping, bytes.Length);
    }
}
