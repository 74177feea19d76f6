using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Processes;

/// <summary>Owns a native fork probe: releasing it releases, kills if needed and reaps the child, then frees.</summary>
internal sealed class ForkProbeHandle : SafeHandle
{
    public ForkProbeHandle() : base(0, ownsHandle: true) { }

    internal ForkProbeHandle(nint probe) : base(0, ownsHandle: true) => SetHandle(probe);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeLib.ForkProbeDestroy(handle);
        return true;
    }
}
