using MmapToolkit.Interop;
using MmapToolkit.Observers;

namespace MmapToolkit.Recording;

/// <summary>
/// Records every page fault of a thread, a process or a program, one by one, with perf_event_open's software events
/// minor-faults and major-faults sampled on every fault (the address, thread, time and instruction pointer of each),
/// read from mmap'd ring buffers. Where the tracepoint exceptions:page_fault_user can be used (root, tracefs
/// mounted) each fault also carries the CPU's error code: read/write/fetch and not-present vs protection
/// (copy-on-write, write-protect). Each fault is placed in its mapping from /proc/PID/maps (read when recording
/// starts, whenever a fault falls outside what is known, and when it stops) and perf's mmap records.
/// <para>Records the kernel has to drop (the buffer full) are counted in <see cref="FaultRecording.Lost"/>, never
/// silently missing. Three ways to attach:</para>
/// <list type="bullet">
/// <item><see cref="ForCurrentThread"/>: the calling thread only; <see cref="Start"/> and <see cref="Stop"/> around the
/// work, from that same thread, as often as wanted (a demo step).</item>
/// <item><see cref="ForProcess"/>: every thread of a running process (a child agent, say), and the threads and children
/// it creates after the recorder is attached; <see cref="Start"/>/<see cref="Stop"/> around the work.</item>
/// <item><see cref="Launch"/>: a program started stopped (forked in native code, which waits until the events are
/// attached), recorded from its execve to its exit, with its children.</item>
/// </list>
/// Not thread-safe: call Start and Stop from one thread.
/// </summary>
public sealed class FaultRecorder : IDisposable
{
    private readonly PerfFaultEvents _events;
    private readonly FaultRecorderOptions _options;
    private readonly int _rootPid;
    private readonly int _pageSize;
    private readonly List<PerfRecord> _records = [];
    private MappingResolver _maps;
    private readonly Dictionary<int, long> _lastMapsRead = [];
    private Thread? _drainer;
    private volatile bool _stopDraining;
    private long _startNs;
    private bool _disposed;

    private FaultRecorder(PerfFaultEvents events, FaultRecorderOptions options, int rootPid)
    {
        _events = events;
        _options = options;
        _rootPid = rootPid;
        _pageSize = (int)Libc.Sysconf(Libc._SC_PAGESIZE);
        _maps = new MappingResolver(rootPid);
    }

    /// <summary>The process whose maps place the faults (the recorded process, or the launched program).</summary>
    public int Pid => _rootPid;

    /// <summary>Whether the recorder is between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool Recording { get; private set; }

    /// <summary>Null when each fault's cause and access come from the tracepoint; otherwise why they cannot.</summary>
    public string? CauseUnavailableReason => _events.Tracepoint is null ? _events.CauseReason : null;

    /// <summary>Records the calling thread (and nothing else) between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    /// <exception cref="PerfEventRefusedException">perf_event_open refused (kernel.perf_event_paranoid).</exception>
    public static FaultRecorder ForCurrentThread(FaultRecorderOptions? options = null)
    {
        options ??= new FaultRecorderOptions();
        options.Validate();
        var events = PerfFaultEvents.Open([0], inherit: false, enableOnExec: false, options.BufferPages, "the calling thread");
        return new FaultRecorder(events, options, Libc.Getpid());
    }

    /// <summary>Records every thread of process <paramref name="pid"/>, and the threads and processes it creates later,
    /// between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    /// <exception cref="ProcessNotFoundException">No such process (or it ended).</exception>
    /// <exception cref="PerfEventRefusedException">perf_event_open refused (paranoid level, or another user's process).</exception>
    public static FaultRecorder ForProcess(int pid, FaultRecorderOptions? options = null)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "a pid is a positive number");
        options ??= new FaultRecorderOptions();
        options.Validate();
        var tids = Threads(pid);
        var events = PerfFaultEvents.Open(tids, inherit: true, enableOnExec: false, options.BufferPages, $"pid {pid}");
        return new FaultRecorder(events, options, pid);
    }

    /// <summary>
    /// Starts <paramref name="program"/> (a path, or a name looked up in PATH) with <paramref name="arguments"/>, stopped
    /// before its execve until the recorder is attached; the recording starts at execve and covers its threads and
    /// children. Call <see cref="LaunchedProgram.WaitForExit"/> for the faults and its getrusage totals.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such program.</exception>
    /// <exception cref="ArgumentException">The file cannot be executed (execve's errno in the message).</exception>
    public static LaunchedProgram Launch(string program, IReadOnlyList<string> arguments, FaultRecorderOptions? options = null)
    {
        options ??= new FaultRecorderOptions();
        options.Validate();
        return LaunchedProgram.Start(program, arguments, options,
            (pid, o) => new FaultRecorder(PerfFaultEvents.Open([pid], inherit: true, enableOnExec: true, o.BufferPages, $"the program (pid {pid})"), o, pid));
    }

    /// <summary>Starts a recording window: what faults from now until <see cref="Stop"/> is recorded.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Recording) throw new InvalidOperationException("the recorder is already recording: Stop it first");
        BeginWindow();
        _events.Enable();
    }

    /// <summary>Ends the recording window and returns its faults, in time order.</summary>
    public FaultRecording Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Recording) throw new InvalidOperationException("the recorder is not recording: Start it first");
        _events.Disable();
        return EndWindow();
    }

    /// <summary>Starts the drain thread for a window. <paramref name="readMapsNow"/> is false for a program not yet
    /// exec'd: its maps now are those of the process it was forked from, and must not place its faults.</summary>
    internal void BeginWindow(bool readMapsNow = true)
    {
        lock (_records) _records.Clear();
        _maps = new MappingResolver(_rootPid);   // a window's faults are placed by what was read during it
        _lastMapsRead.Clear();
        _startNs = NowNs();
        if (readMapsNow) ReadMaps(_rootPid, force: true);
        Recording = true;
        if (_options.DrainWhileRecording)
        {
            _stopDraining = false;
            _drainer = new Thread(DrainLoop) { IsBackground = true, Name = "mmaptk fault recorder" };
            _drainer.Start();
        }
    }

    /// <summary>Stops the drain thread, reads what is left and the maps once more, and builds the recording.</summary>
    internal FaultRecording EndWindow()
    {
        _stopDraining = true;
        _drainer?.Join();
        _drainer = null;
        DrainOnce();
        ReadMaps(_rootPid, force: true);
        Recording = false;
        List<PerfRecord> records;
        lock (_records) records = [.. _records];
        return FaultAssembler.Build(records, _events.Kinds, _events.Tracepoint, _maps, _startNs, _pageSize,
                                    _events.CauseReason, _events.KernelModeIncluded, _events.KernelModeReason, _events.CountedFaults());
    }

    private void DrainLoop()
    {
        var buffers = _events.Buffers;
        var fds = new Libc.PollFd[buffers.Count];
        for (int i = 0; i < fds.Length; i++) fds[i] = new Libc.PollFd { Fd = buffers[i].Fd, Events = PerfEventConstants.POLLIN };
        while (!_stopDraining)
        {
            Libc.Poll(fds, 10);
            DrainOnce();
        }
    }

    private void DrainOnce()
    {
        var fresh = new List<PerfRecord>();
        foreach (var b in _events.Buffers) b.Drain(fresh);
        if (fresh.Count == 0) return;
        foreach (var r in fresh)
        {
            if (r.Kind == PerfRecordKind.Mmap2) _maps.AddMmap(r);
            else if (r.Kind == PerfRecordKind.Sample && !_maps.Covers(r.Pid, r.Address)) ReadMaps(r.Pid, force: false);
        }
        lock (_records) _records.AddRange(fresh);
    }

    // Re-reads a process's maps when a fault falls outside them, at most every 2 ms per process.
    private void ReadMaps(int pid, bool force)
    {
        long now = NowNs();
        if (!force && _lastMapsRead.TryGetValue(pid, out long last) && now - last < 2_000_000) return;
        _lastMapsRead[pid] = now;
        if (ProcessMapsSnapshot.TryRead(pid, now) is { } snapshot) _maps.Add(snapshot);
    }

    private static long NowNs() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));

    private static int[] Threads(int pid)
    {
        try
        {
            var tids = Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.TryParse(Path.GetFileName(d), out int t) ? t : 0)
                                .Where(t => t > 0).Order().ToArray();
            if (tids.Length == 0) throw new ProcessNotFoundException(pid);
            // The thread-group leader first: its maps and its errors speak for the process.
            return [pid, .. tids.Where(t => t != pid)];
        }
        catch (DirectoryNotFoundException)
        {
            throw new ProcessNotFoundException(pid);
        }
    }

    /// <summary>Closes the events and unmaps the buffers (stopping a recording in progress).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _stopDraining = true;
        _drainer?.Join();
        _disposed = true;
        _events.Dispose();
    }
}
