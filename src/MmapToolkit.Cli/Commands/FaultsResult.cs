using MmapToolkit.Observers;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>One recording with what the command knows about it.</summary>
internal sealed record FaultsResult(string Title, string Program, int Pid, FaultRecording Recording, FaultCounts? Kernel,
                                    string KernelSource, ProgramRun? Run)
{
    /// <summary>Kernel count less recorded and lost: faults getrusage counted that perf never sampled.</summary>
    public long? Unrecorded => Kernel is { } k ? k.Total - Recording.Faults.Count - Recording.Lost : null;

    /// <summary>Why faults may be counted by the kernel and not recorded, in one sentence.</summary>
    public string UnrecordedReason => "getrusage also counts faults the kernel resolves for the process without a fault of its own (execve "
        + "copying the arguments to the new stack, and other get_user_pages calls), which perf never samples"
        + (Recording.KernelModeIncluded ? "" : "; and " + Recording.KernelModeReason);

    public static string Access(RecordedFault f) => f.Exec == true ? "exec" : f.Write switch { true => "write", false => "read", null => "unknown" };

    public static string Cause(FaultCause c) => c switch
    {
        FaultCause.NotPresent => "not-present",
        FaultCause.CopyOnWrite => "copy-on-write",
        FaultCause.WriteProtect => "write-protect",
        FaultCause.Protection => "protection",
        _ => "unknown",
    };

    public static string MappingLabel(RecordedFault f) => f.Mapping is null ? "(unknown)" : f.Mapping.Label;
}
