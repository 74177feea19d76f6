using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>native/src/programs/toupper.c: the course's toupper loop over a mapping, measured like a touch loop.</summary>
internal static unsafe partial class NativeLib
{
    [LibraryImport(Name, EntryPoint = "mmaptk_toupper")]
    private static partial int ToUpper(nint address, ulong length, TouchResultNative* result);

    internal static int ToUpper(nint address, long length, out TouchResultNative result)
    {
        TouchResultNative r;
        int rc = ToUpper(address, (ulong)length, &r);
        result = r;
        return rc;
    }
}
