namespace MmapToolkit.Interop;

/// <summary>Hand-written bindings to glibc, one partial file per syscall family (Libc.Mman.cs, Libc.Resource.cs, …).</summary>
internal static partial class Libc
{
    internal const string Name = "libc";
}
