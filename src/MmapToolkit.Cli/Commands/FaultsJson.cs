using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>--json: totals, lost, why anything is unknown, and every fault under "faults".</summary>
internal static class FaultsJson
{
    public static object From(FaultsResult r) => new
    {
        r.Program,
        r.Pid,
        ExitCode = r.Run?.Exit.ExitCode,
        Signal = r.Run?.Exit.Signal,
        Recorded = r.Recording.Faults.Count,
        Minor = r.Recording.MinorFaults,
        Major = r.Recording.MajorFaults,
        r.Recording.Lost,
        KernelMinor = r.Kernel?.Minor,
        KernelMajor = r.Kernel?.Major,
        KernelSource = r.Kernel is null ? null : r.KernelSource,
        Unrecorded = r.Unrecorded,
        UnrecordedReason = r.Unrecorded is > 0 ? r.UnrecordedReason : null,
        r.Recording.CausesKnown,
        CauseUnavailableReason = r.Recording.CauseUnavailableReason,
        r.Recording.KernelModeIncluded,
        r.Recording.KernelModeReason,
        r.Recording.PageSize,
        Faults = r.Recording.Faults.Select(f => new
        {
            Address = $"0x{f.Address:x}",
            f.Page,
            f.Write,
            f.Exec,
            f.Major,
            Mapping = f.Mapping?.Label,
            FileOffset = f.FileOffset,
            Cause = FaultsResult.Cause(f.Cause),
            f.TimeNs,
            f.Pid,
            f.Tid,
            f.InKernel,
        }),
    };
}
