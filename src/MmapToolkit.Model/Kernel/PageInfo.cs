namespace MmapToolkit.Model.Kernel;

/// <summary>Everything the model knows about one virtual page of one process, and why it is (not) present.</summary>
public sealed record PageInfo(long Address, long Vpn, Region? Region, PageState State, int Frame, bool Writable,
                              bool CopyOnWrite, bool Dirty, bool Referenced, int ShareCount, int SwapSlot,
                              string? File, long FilePage, string Why)
{
    public bool Valid => State == PageState.Present;
    public bool IsZeroPage => Frame == PhysicalMemory.ZeroFrame;
    public override string ToString() => Why;
}
