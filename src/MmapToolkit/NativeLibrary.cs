using MmapToolkit.Interop;

namespace MmapToolkit;

/// <summary>The C library (libmmaptk.so, built from native/) this assembly calls.</summary>
public static class NativeLibrary
{
    /// <summary>The ABI version this assembly was written against; <see cref="AbiVersion"/> must equal it.</summary>
    public const int ExpectedAbiVersion = 2;

    /// <summary>The version the loaded libmmaptk.so reports: it changes whenever a struct or call shared with C# does.
    /// Loading the library is the first native call, so a missing library fails here with <see cref="DllNotFoundException"/>.</summary>
    public static int AbiVersion => NativeLib.AbiVersion();
}
