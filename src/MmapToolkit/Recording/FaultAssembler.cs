using System.Buffers.Binary;
using MmapToolkit.Interop;

namespace MmapToolkit.Recording;

/// <summary>
/// Turns the ring buffers' records into <see cref="RecordedFault"/>s: samples in time order; each minor/major sample
/// joined with the tracepoint record of the same thread and page just before it (the tracepoint fires when the fault
/// is taken, the software event when it is resolved; page_fault_kernel for a fault the kernel takes on the program's
/// memory inside a system call), whose error code gives the access and the cause.
/// </summary>
internal static class FaultAssembler
{
    private const ulong KernelSpaceStart = 0xffff_8000_0000_0000;

    public static FaultRecording Build(List<PerfRecord> records, IReadOnlyDictionary<ulong, FaultEventKind> kinds,
                                       PageFaultTracepoint? tracepoint, MappingResolver maps, long startNs, int pageSize,
                                       string? causeReason, bool kernelModeIncluded, string? kernelModeReason, long countedFaults)
    {
        long lost = 0;
        var samples = new List<PerfRecord>(records.Count);
        foreach (var r in records)
        {
            if (r.Kind == PerfRecordKind.Lost) lost += (long)r.Lost;
            else if (r.Kind == PerfRecordKind.Sample && kinds.ContainsKey(r.Id)) samples.Add(r);
        }
        // Stable: records of one CPU are in order already; across CPUs the clock orders them.
        var ordered = samples.Select((r, i) => (r, i)).OrderBy(x => x.r.TimeNs).ThenBy(x => x.i).Select(x => x.r);

        var pending = new Dictionary<int, (ulong Address, ulong ErrorCode)>();
        var faults = new List<RecordedFault>(samples.Count);
        ulong mask = ~((ulong)pageSize - 1);
        foreach (var s in ordered)
        {
            var kind = kinds[s.Id];
            if (kind == FaultEventKind.Tracepoint)
            {
                if (tracepoint is not null && s.Raw is { } raw && raw.Length >= Math.Max(tracepoint.AddressOffset, tracepoint.ErrorCodeOffset) + 8)
                    pending[s.Tid] = (BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(tracepoint.AddressOffset)),
                                      BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(tracepoint.ErrorCodeOffset)));
                continue;
            }
            bool inKernel = s.KernelMode || s.Ip >= KernelSpaceStart;
            ulong? errorCode = null;
            if (pending.TryGetValue(s.Tid, out var p) && (p.Address & mask) == (s.Address & mask))
            {
                errorCode = p.ErrorCode;
                pending.Remove(s.Tid);
            }
            var mapping = maps.Resolve(s.Pid, s.Address, s.TimeNs);
            var state = maps.StateAt(s.Pid, s.Address, s.TimeNs);
            var (write, exec, cause) = Classify(s, errorCode, mapping, state, inKernel, mask);
            // What would be inferred without the error code, kept so the tests can check it never contradicts the code.
            var (inferredWrite, inferredExec, _) = errorCode is null ? (write, exec, cause) : Classify(s, null, mapping, state, inKernel, mask);
            faults.Add(new RecordedFault(s.Address, s.Address / (ulong)pageSize, write, exec, kind == FaultEventKind.Major, cause,
                                         mapping, s.TimeNs - startNs, s.Pid, s.Tid, s.Ip, inKernel)
            {
                WriteWithoutErrorCode = inferredWrite,
                ExecWithoutErrorCode = inferredExec,
            });
        }
        // Lost: what LOST records said, or what the counters counted beyond the samples read, whichever is more.
        lost = Math.Max(lost, countedFaults - faults.Count);
        return new FaultRecording(faults, lost, pageSize, tracepoint is null ? causeReason : null, kernelModeIncluded, kernelModeReason);
    }

    /// <summary>
    /// Access and cause. With the error code: exact. Without it, only what is proven, from the mapping as it was at the
    /// fault (<paramref name="stateAtFault"/>, null when unknown) and the instruction pointer: a fault in a mapping that
    /// was not writable was no store (a store there is SIGSEGV, never a resolved fault); a fault on the page of the
    /// faulting instruction itself was its fetch; a fault more than 15 bytes away from the instruction (the longest x86
    /// instruction), or in a mapping that was not executable, was no fetch. Everything else stays unknown.
    /// </summary>
    internal static (bool? Write, bool? Exec, FaultCause Cause) Classify(PerfRecord s, ulong? errorCode, FaultMapping? mapping,
                                                                      FaultMapping? stateAtFault, bool inKernel, ulong mask)
    {
        if (errorCode is { } e)
        {
            bool write = (e & PageFaultTracepoint.WriteBit) != 0, fetch = (e & PageFaultTracepoint.FetchBit) != 0;
            FaultCause cause = (e & PageFaultTracepoint.ProtectionBit) == 0 ? FaultCause.NotPresent
                             : write && mapping is { Shared: true } ? FaultCause.WriteProtect
                             : write && mapping is { Shared: false } ? FaultCause.CopyOnWrite
                             : FaultCause.Protection;
            return (write, fetch, cause);
        }
        bool? w = stateAtFault is { Writable: false } ? false : null;
        bool? x;
        if (inKernel) x = false;   // the kernel does not execute the program's pages
        else if ((s.Address & mask) == (s.Ip & mask)) x = true;
        else if (stateAtFault is { Executable: false } || s.Address < s.Ip || s.Address - s.Ip >= 16) x = false;
        else x = null;             // the next page, within reach of an instruction that straddles the boundary
        if (x == true) w = false;
        return (w, x, FaultCause.Unknown);
    }
}
