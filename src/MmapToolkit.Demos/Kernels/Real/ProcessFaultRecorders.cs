using MmapToolkit.Demos.Running;
using MmapToolkit.Observers;
using MmapToolkit.Recording;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>
/// The real side's fault recorders, one per scenario process: <see cref="FaultRecorder.ForCurrentThread"/> for the
/// first process (the thread that runs the steps), <see cref="FaultRecorder.ForProcess"/> for each child agent, attached
/// right after it is forked (<see cref="Attach"/>). <see cref="Record"/> runs one step's work between Start and Stop and
/// keeps the faults of that process on the step's region. Whether perf_event_open works is found by trying, the first
/// time a recorder is needed: refused (kernel.perf_event_paranoid, a seccomp filter, no perf events in the kernel) or
/// failing for any other reason, the demo runs on and every step's pages are "n/a" with that reason, never "agree".
/// </summary>
internal sealed class ProcessFaultRecorders : IDisposable
{
    // A step touches a handful to a few hundred pages: small buffers (per CPU for an agent) keep the locked memory of
    // many agents within an unprivileged user's limit, and the drain thread empties them as they fill.
    private static readonly FaultRecorderOptions MainOptions = new() { BufferPages = 64 };
    private static readonly FaultRecorderOptions AgentOptions = new() { BufferPages = 16 };

    private readonly Func<FaultRecorder> _openForThread;
    private readonly Func<int, FaultRecorder> _openForProcess;
    private FaultRecorder? _main;
    private int _mainThread;
    private string? _mainUnavailable;
    private readonly Dictionary<int, (FaultRecorder? Recorder, string? Why)> _agents = [];

    /// <param name="openForThread">Opens a recorder on the calling thread; <paramref name="openForProcess"/> on a pid. The
    /// tests pass ones that fail, to see the demo run on and say why (<see cref="Perf"/> is what demos use).</param>
    internal ProcessFaultRecorders(Func<FaultRecorder> openForThread, Func<int, FaultRecorder> openForProcess)
    {
        _openForThread = openForThread;
        _openForProcess = openForProcess;
    }

    /// <summary>Recorders over perf_event_open, as the library opens them.</summary>
    public static ProcessFaultRecorders Perf() =>
        new(() => FaultRecorder.ForCurrentThread(MainOptions), pid => FaultRecorder.ForProcess(pid, AgentOptions));

    /// <summary>Attaches a recorder to a child agent just forked; a refusal is remembered and reported by its steps.</summary>
    public void Attach(int pid)
    {
        Detach(pid);
        _agents[pid] = TryOpen(() => _openForProcess(pid));
    }

    /// <summary>Closes the recorder of a process that ends.</summary>
    public void Detach(int pid)
    {
        if (_agents.Remove(pid, out var entry)) entry.Recorder?.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="work"/> (one step of process <paramref name="proc"/>) while recording, and returns its faults on
    /// the region that <paramref name="region"/> gives after the work (a map learns its address only then), in the
    /// order they happened. Unavailable (with the reason) when no recorder could be opened or records were lost.
    /// </summary>
    public StepFaultLog Record(RealProcess proc, Func<RealRegion> region, Action work, bool prePaged = false)
    {
        var (recorder, why) = RecorderOf(proc);
        if (recorder is null)
        {
            work();
            return StepFaultLog.NotAvailable(region().Name, why!);
        }
        recorder.Start();
        FaultRecording recording;
        try
        {
            work();
        }
        finally
        {
            recording = recorder.Stop();
        }
        return LogOf(recording, proc.Pid, region(), prePaged);
    }

    private static StepFaultLog LogOf(FaultRecording recording, int pid, RealRegion region, bool prePaged)
    {
        if (recording.Lost > 0)
            return StepFaultLog.NotAvailable(region.Name,
                $"the fault recorder lost {recording.Lost} record(s) (its ring buffer was full): the pages cannot be compared");
        ulong start = (ulong)region.Address, end = start + (ulong)region.Pages * (ulong)recording.PageSize;
        var faults = recording.Faults
            .Where(f => f.Pid == pid && f.Address >= start && f.Address < end)
            .Select(f => new StepFault((int)((f.Address - start) / (ulong)recording.PageSize), Describe(f), prePaged))
            .ToList();
        string? note = recording.CausesKnown ? null : $"read/write and cause not always known: {recording.CauseUnavailableReason}";
        return new StepFaultLog(region.Name, faults, Note: note);
    }

    /// <summary>"write, minor, copy-on-write": what the recorder knows about one fault.</summary>
    internal static string Describe(RecordedFault f)
    {
        string access = f.Exec == true ? "exec" : f.Write switch { true => "write", false => "read", null => "read or write" };
        string cause = f.Cause switch
        {
            FaultCause.NotPresent => ", not present",
            FaultCause.CopyOnWrite => ", copy-on-write",
            FaultCause.WriteProtect => ", write-protect (dirty tracking)",
            FaultCause.Protection => ", protection",
            _ => "",
        };
        return $"{access}, {(f.Major ? "major" : "minor")}{cause}{(f.InKernel ? ", in the kernel" : "")}";
    }

    private (FaultRecorder? Recorder, string? Why) RecorderOf(RealProcess proc)
    {
        if (!proc.IsMain)
            return _agents.TryGetValue(proc.Pid, out var entry) ? entry : (null, $"no fault recorder was attached to pid {proc.Pid}");
        // A thread's recorder records the thread that opened it: reopen if the steps ever move to another thread.
        if (_mainThread != Environment.CurrentManagedThreadId)
        {
            _main?.Dispose();
            _mainThread = Environment.CurrentManagedThreadId;
            (_main, _mainUnavailable) = TryOpen(_openForThread);
        }
        return (_main, _mainUnavailable);
    }

    private static (FaultRecorder?, string?) TryOpen(Func<FaultRecorder> open)
    {
        try
        {
            return (open(), null);
        }
        catch (Exception e) when (e is SyscallException or ProcessNotFoundException or IOException or UnauthorizedAccessException)
        {
            return (null, "the kernel's faults cannot be recorded here: " + e.Message);
        }
    }

    public void Dispose()
    {
        _main?.Dispose();
        _main = null;
        foreach (var (recorder, _) in _agents.Values) recorder?.Dispose();
        _agents.Clear();
    }
}
