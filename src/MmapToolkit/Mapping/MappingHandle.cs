using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Mapping;

/// <summary>Owns one mmap'd range: munmap exactly once, when the last user releases it.</summary>
internal sealed class MappingHandle : SafeHandle
{
    private static long s_live;

    /// <summary>Ranges mapped through this type and not yet unmapped, in this process: what a leak test counts, since
    /// /proc/self/maps also moves with the runtime's own mappings (lazily loaded assemblies, GC regions).</summary>
    internal static long LiveCount => Interlocked.Read(ref s_live);

    public nuint Length { get; private set; }

    public MappingHandle(nint address, nuint length) : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
        Interlocked.Increment(ref s_live);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>After a successful mremap the range lives elsewhere; only the owner calls this, under no lease.</summary>
    internal void Moved(nint address, nuint length)
    {
        SetHandle(address);
        Length = length;
    }

    protected override bool ReleaseHandle()
    {
        if (Libc.Munmap(handle, Length) != 0) return false;
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
