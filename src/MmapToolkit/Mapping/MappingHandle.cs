using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Mapping;

/// <summary>Owns one mmap'd range: munmap exactly once, when the last user releases it.</summary>
internal sealed class MappingHandle : SafeHandle
{
    public nuint Length { get; private set; }

    public MappingHandle(nint address, nuint length) : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>After a successful mremap the range lives elsewhere; only the owner calls this, under no lease.</summary>
    internal void Moved(nint address, nuint length)
    {
        SetHandle(address);
        Length = length;
    }

    protected override bool ReleaseHandle() => Libc.Munmap(handle, Length) == 0;
}
