using System.Runtime.CompilerServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Tests.Agents;

/// <summary>The managed mirrors of agent.h and touch.h have the sizes agent.c asserts with _Static_assert.</summary>
public class AgentAbiTests
{
    [Fact]
    public void TheMirroredStructsHaveTheNativeSizes()
    {
        Assert.Equal(64, Unsafe.SizeOf<NativeLib.TouchResultNative>());
        Assert.Equal(48, Unsafe.SizeOf<NativeLib.AgentCommand>());
        Assert.Equal(96, Unsafe.SizeOf<NativeLib.AgentReply>());
        Assert.Equal(24, Unsafe.SizeOf<NativeLib.AgentSpawned>());
    }

    [Fact]
    public void TextLayoutParsesTextprogsLineAndRejectsOthers()
    {
        var layout = MmapToolkit.Agents.TextLayout.Parse("file_offset=0x3000 pages=32 stride=4096\n");
        Assert.Equal(new MmapToolkit.Agents.TextLayout(0x3000, 32, 4096), layout);
        Assert.Throws<FormatException>(() => MmapToolkit.Agents.TextLayout.Parse("pages=32"));
    }
}
