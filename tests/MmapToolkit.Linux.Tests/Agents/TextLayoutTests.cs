using MmapToolkit.Agents;

namespace MmapToolkit.Linux.Tests.Agents;

/// <summary>The line textprog prints about its own text (the agent structs' layouts: Interop/MirroredStructLayoutTests).</summary>
public class TextLayoutTests
{
    [Fact]
    public void TextLayoutParsesTextprogsLineAndRejectsOthers()
    {
        var layout = TextLayout.Parse("file_offset=0x3000 pages=32 stride=4096\n");
        Assert.Equal(new TextLayout(0x3000, 32, 4096), layout);
        Assert.Throws<FormatException>(() => TextLayout.Parse("pages=32"));
    }
}
