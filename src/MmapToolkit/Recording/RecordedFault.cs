namespace MmapToolkit.Recording;

/// <summary>
/// One page fault the kernel resolved for the recorded threads: where, on which page, in which mapping, what kind of
/// access (where knowable), minor or major, why (where the tracepoint tells), when, and on which thread.
/// </summary>
/// <param name="Address">The faulting address.</param>
/// <param name="Page">Its page number (address / page size).</param>
/// <param name="Write">True for a store, false for a load or fetch, null when not knowable: the error code is only in the
/// tracepoint; without it a fault in a mapping that is not writable is known to be no store, any other is unknown.</param>
/// <param name="Exec">True for an instruction fetch, false for a data access, null when not knowable.</param>
/// <param name="Major">True for a major fault (it waited for I/O), false for a minor one.</param>
/// <param name="Cause">Not present, copy-on-write, write-protect, or unknown without the tracepoint.</param>
/// <param name="Mapping">The mapping it fell in, or null when none was known.</param>
/// <param name="TimeNs">When it was resolved, in nanoseconds since the recording started (CLOCK_MONOTONIC).</param>
/// <param name="Pid">The process.</param>
/// <param name="Tid">The thread.</param>
/// <param name="Ip">The instruction pointer at the fault (a kernel address for a fault the kernel took on the
/// program's behalf inside a system call).</param>
/// <param name="InKernel">True when the kernel itself touched the program's memory (copying data in or out in a system
/// call, or setting up a new program at execve).</param>
public sealed record RecordedFault(ulong Address, ulong Page, bool? Write, bool? Exec, bool Major, FaultCause Cause,
                                   FaultMapping? Mapping, long TimeNs, int Pid, int Tid, ulong Ip, bool InKernel)
{
    /// <summary>The file offset of the faulting address in a file mapping; null otherwise.</summary>
    public ulong? FileOffset => Mapping?.FileOffsetOf(Address);

    /// <summary>What <see cref="Write"/> would be without the tracepoint's error code (for the tests).</summary>
    internal bool? WriteWithoutErrorCode { get; init; }

    /// <summary>What <see cref="Exec"/> would be without the tracepoint's error code (for the tests).</summary>
    internal bool? ExecWithoutErrorCode { get; init; }
}
