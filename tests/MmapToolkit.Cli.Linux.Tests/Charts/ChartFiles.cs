using System.Buffers.Binary;
using System.Xml.Linq;

namespace MmapToolkit.Cli.Linux.Tests.Charts;

/// <summary>Reads back what --chart wrote: an SVG parsed as XML (its size and every text in it: legend, title, tick
/// labels), a PNG's size from its header.</summary>
internal static class ChartFiles
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public sealed record SvgChart(int Width, int Height, IReadOnlyList<string> Texts);

    public static SvgChart ReadSvg(string path)
    {
        var doc = XDocument.Load(path);   // throws if it is not well-formed XML
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        return new SvgChart(int.Parse(root.Attribute("width")!.Value), int.Parse(root.Attribute("height")!.Value),
                            root.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList());
    }

    /// <summary>The width and height in a PNG's IHDR chunk, after checking the signature.</summary>
    public static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes, too short for a PNG");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
