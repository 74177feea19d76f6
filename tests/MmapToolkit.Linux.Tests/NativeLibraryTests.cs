using MmapToolkit.Interop;

namespace MmapToolkit.Linux.Tests;

public class NativeLibraryTests
{
    [Fact]
    public void NativeLibraryIsBuiltAndLoadable() => Assert.Equal(NativeLibrary.ExpectedAbiVersion, NativeLibrary.AbiVersion);
}
