namespace MmapToolkit.Recording;

/// <summary>
/// What a <see cref="FaultRecorder"/> saw in one recording window: every fault in time order, the records the kernel
/// had to drop (never silent: <see cref="Lost"/>), and what could not be known, with the reason.
/// </summary>
public sealed class FaultRecording
{
    internal FaultRecording(IReadOnlyList<RecordedFault> faults, long lost, int pageSize, string? causeUnavailableReason,
                            bool kernelModeIncluded, string? kernelModeReason)
    {
        Faults = faults;
        Lost = lost;
        PageSize = pageSize;
        CauseUnavailableReason = causeUnavailableReason;
        KernelModeIncluded = kernelModeIncluded;
        KernelModeReason = kernelModeReason;
        MinorFaults = faults.Count(f => !f.Major);
        MajorFaults = faults.Count - MinorFaults;
    }

    /// <summary>Every fault recorded, in time order.</summary>
    public IReadOnlyList<RecordedFault> Faults { get; }

    /// <summary>Fault records the kernel dropped because the ring buffer was full (PERF_RECORD_LOST). Zero means
    /// <see cref="Faults"/> is complete.</summary>
    public long Lost { get; }

    /// <summary>True when no record was lost.</summary>
    public bool Complete => Lost == 0;

    /// <summary>Minor faults recorded.</summary>
    public long MinorFaults { get; }

    /// <summary>Major faults recorded.</summary>
    public long MajorFaults { get; }

    /// <summary>The page size the page numbers are in.</summary>
    public int PageSize { get; }

    /// <summary>True when every fault's cause and access come from the CPU's error code (the tracepoint).</summary>
    public bool CausesKnown => CauseUnavailableReason is null;

    /// <summary>Why causes (and read/write) are unknown, when they are: tracefs not mounted, not root, …</summary>
    public string? CauseUnavailableReason { get; }

    /// <summary>True when faults the kernel takes on the program's memory inside system calls are recorded too.</summary>
    public bool KernelModeIncluded { get; }

    /// <summary>Why they are not, when they are not (kernel.perf_event_paranoid).</summary>
    public string? KernelModeReason { get; }
}
