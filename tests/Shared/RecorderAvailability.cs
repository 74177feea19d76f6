using MmapToolkit.Recording;

namespace MmapToolkit.Linux.Tests.Recording;

/// <summary>
/// What this machine lets the fault recorder do, decided by trying (never by the user's name): perf_event_open of the
/// fault events at all, and the tracepoint that gives each fault's error code. Tests that need one are skipped with
/// the probed reason when it is missing, so a skip never passes for a pass.
/// </summary>
internal static class RecorderAvailability
{
    private static readonly Lazy<(string? PerfRefused, string? NoTracepoint)> s_probe = new(() =>
    {
        try
        {
            using var recorder = FaultRecorder.ForCurrentThread();
            return (null, recorder.CauseUnavailableReason);
        }
        catch (PerfEventRefusedException e)
        {
            return (e.Message, e.Message);
        }
    });

    /// <summary>Null when the recorder works here; otherwise perf_event_open's refusal.</summary>
    public static string? PerfRefused => s_probe.Value.PerfRefused;

    /// <summary>Null when each fault carries its cause (the tracepoint); otherwise why not.</summary>
    public static string? NoTracepoint => s_probe.Value.NoTracepoint;

    /// <summary>native/build/faultprog, found above the test assemblies (a source checkout).</summary>
    public static string FaultProgram
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "native", "build", "faultprog");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("native/build/faultprog not found above " + AppContext.BaseDirectory + ": run make -C native");
        }
    }
}

/// <summary>A fact that needs perf_event_open of the page-fault events; skipped with the refusal when refused.</summary>
public sealed class PerfFactAttribute : FactAttribute
{
    public PerfFactAttribute()
    {
        if (RecorderAvailability.PerfRefused is { } why) Skip = "perf_event_open refused here: " + why;
    }
}

/// <summary>A fact that needs the tracepoint exceptions:page_fault_user; skipped with the probed reason otherwise.</summary>
public sealed class TracepointFactAttribute : FactAttribute
{
    public TracepointFactAttribute()
    {
        if (RecorderAvailability.NoTracepoint is { } why) Skip = "no fault causes here: " + why;
    }
}
