using MmapToolkit.Interop;

namespace MmapToolkit.Tests;

public class NativeLibraryTests
{
    [Fact]
    public void NativeLibraryIsBuiltAndLoadable() => Assert.Equal(NativeLibrary.ExpectedAbiVersion, NativeLibrary.AbiVersion);
}
