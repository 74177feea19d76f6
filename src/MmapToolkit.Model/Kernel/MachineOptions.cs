namespace MmapToolkit.Model.Kernel;

/// <summary>How the modelled machine is built.</summary>
public sealed record MachineOptions
{
    /// <summary>Physical frames available to user pages.</summary>
    public int Frames { get; init; } = 64;
    /// <summary>Bytes per page, a power of two (the model's own, independent of the host).</summary>
    public int PageSize { get; init; } = 4096;
    /// <summary>Replacement policy used when no frame is free (any <see cref="Replacement.PolicyFactory"/> name but opt).</summary>
    public string Policy { get; init; } = "clock";
    public ulong Seed { get; init; } = 1;
    /// <summary>Swap slots; running out is an ENOMEM.</summary>
    public int SwapSlots { get; init; } = 1 << 20;
    /// <summary>Readahead window under MADV_NORMAL, in pages (the faulting page included). RANDOM reads 1, SEQUENTIAL twice this.</summary>
    public int ReadaheadPages { get; init; } = 4;
    /// <summary>Resolve reads of never-touched anonymous pages with the shared zero page instead of a frame. Stock Linux
    /// kernels do; some do not (docs/model.md): the demos set this from the kernel they are compared with.</summary>
    public bool UseZeroPage { get; init; } = true;
    /// <summary>Pages of stack execve sets up.</summary>
    public int StackPages { get; init; } = 16;
    /// <summary>Keep a log of every fault and eviction (<see cref="Machine.Events"/>).</summary>
    public bool RecordEvents { get; init; }
    /// <summary>Run <see cref="Machine.CheckInvariants"/> after every system call and memory access (tests, debug builds
    /// of the demos): each check walks every page table, frame and swap slot.</summary>
    public bool CheckInvariants { get; init; }
}
