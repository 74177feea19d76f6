using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Bindings to libmmaptk.so (native/), one partial file per native module.</summary>
internal static partial class NativeLib
{
    internal const string Name = "mmaptk";

    [LibraryImport(Name, EntryPoint = "mmaptk_abi_version")]
    internal static partial int AbiVersion();
}
