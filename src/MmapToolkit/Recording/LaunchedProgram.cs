using MmapToolkit.Agents;
using MmapToolkit.Interop;
using MmapToolkit.Observers;

namespace MmapToolkit.Recording;

/// <summary>
/// A program <see cref="FaultRecorder.Launch"/> started under a recorder. It was forked in native code and held
/// before execve until the perf events were attached (enabled by the kernel at execve), so its first fault is
/// recorded. <see cref="WaitForExit"/> reaps it (wait4, which also gives its getrusage totals) and returns the faults.
/// </summary>
public sealed class LaunchedProgram : IDisposable
{
    private readonly FaultRecorder _recorder;
    private readonly NativeLib.LaunchBaseline _baseline;
    private bool _reaped;

    private LaunchedProgram(int pid, string path, FaultRecorder recorder, NativeLib.LaunchBaseline baseline)
    {
        Pid = pid;
        Path = path;
        _recorder = recorder;
        _baseline = baseline;
    }

    /// <summary>The program's pid.</summary>
    public int Pid { get; }

    /// <summary>The program's path, as executed.</summary>
    public string Path { get; }

    internal static LaunchedProgram Start(string program, IReadOnlyList<string> arguments, FaultRecorderOptions options,
                                          Func<int, FaultRecorderOptions, FaultRecorder> attach)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string path = Resolve(program);
        var launch = Fork(path, arguments);
        FaultRecorder recorder;
        try
        {
            recorder = attach(launch.Pid, options);
        }
        catch
        {
            Libc.Close(launch.GoFd);     // the child reads EOF and exits 127 without running the program
            Libc.Close(launch.StatusFd);
            Libc.Wait4(launch.Pid, out _, 0, out _);
            throw;
        }
        recorder.BeginWindow(readMapsNow: false);
        int rc = NativeLib.LaunchGo(launch.GoFd, launch.StatusFd, out var baseline, out int execErrno);
        if (rc != 0 || execErrno != 0)
        {
            Libc.Wait4(launch.Pid, out _, 0, out _);
            recorder.EndWindow();
            recorder.Dispose();
            if (rc != 0) throw SyscallException.For($"starting {path} (pid {launch.Pid})", (Errno)(-rc));
            var errno = (Errno)execErrno;
            string why = $"cannot run '{path}': execve failed: {errno.Name()} ({errno.Description()})";
            throw errno is Errno.EACCES or Errno.ENOEXEC or Errno.ENOENT or Errno.ENOTDIR or Errno.ETXTBSY or Errno.EISDIR or Errno.E2BIG
                ? new ProgramNotRunnableException(why) : SyscallException.For($"execve(\"{path}\")", errno);
        }
        return new LaunchedProgram(launch.Pid, path, recorder, baseline);
    }

    /// <summary>
    /// Waits for the program to end (at most <paramref name="timeout"/>, then it is killed and reaped; null: no limit),
    /// reaps it with wait4 and returns its faults with its getrusage totals.
    /// </summary>
    public ProgramRun WaitForExit(TimeSpan? timeout = null)
    {
        if (_reaped) throw new InvalidOperationException($"program {Pid} was already waited for");
        long deadline = timeout is { } t ? Environment.TickCount64 + (long)t.TotalMilliseconds : long.MaxValue;
        bool killed = false;
        int status;
        Libc.Rusage usage;
        while (true)
        {
            int rc = Libc.Wait4(Pid, out status, killed ? 0 : PerfEventConstants_WNOHANG, out usage);
            if (rc == Pid) break;
            if (rc < 0 && ErrnoExtensions.Last() != Errno.EINTR) throw SyscallException.FromLastError($"wait4({Pid})");
            if (!killed && Environment.TickCount64 >= deadline)
            {
                Libc.Kill(Pid, Signals.SIGKILL);
                killed = true;
                continue;
            }
            Thread.Sleep(2);
        }
        _reaped = true;
        var recording = _recorder.EndWindow();
        _recorder.Dispose();
        var total = new FaultCounts(usage.MinorFaults, usage.MajorFaults,
                                    TimeSpan.FromTicks(usage.UserTime.Seconds * TimeSpan.TicksPerSecond + usage.UserTime.Microseconds * 10),
                                    TimeSpan.FromTicks(usage.SystemTime.Seconds * TimeSpan.TicksPerSecond + usage.SystemTime.Microseconds * 10));
        var beforeExec = new FaultCounts(_baseline.MinorFaults, _baseline.MajorFaults, TimeSpan.Zero, TimeSpan.Zero);
        return new ProgramRun(Path, ChildExit.FromWaitStatus(Pid, status, killed), recording, total, beforeExec);
    }

    private const int PerfEventConstants_WNOHANG = PerfEventConstants.WNOHANG;

    /// <summary>Kills the program if it still runs and reaps it.</summary>
    public void Dispose()
    {
        if (_reaped) return;
        Libc.Kill(Pid, Signals.SIGKILL);
        Libc.Wait4(Pid, out _, 0, out _);
        _reaped = true;
        if (_recorder.Recording) _recorder.EndWindow();
        _recorder.Dispose();
    }

    /// <summary>A path with a '/' as given; a bare name looked up in PATH, as a shell would.</summary>
    internal static string Resolve(string program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Length == 0) throw new ArgumentException("the program name is empty");
        if (program.Contains('\0')) throw new ArgumentException("the program name contains a NUL character");
        if (program.Contains('/'))
        {
            if (!File.Exists(program))
                throw new FileNotFoundException(Directory.Exists(program) ? $"'{program}' is a directory, not a program" : $"program '{program}' does not exist", program);
            return program;
        }
        string pathVariable = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var dir in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(dir, program);
            if (File.Exists(candidate) && OperatingSystem.IsLinux() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                return candidate;
        }
        throw new FileNotFoundException($"program '{program}' not found in PATH", program);
    }

    private static NativeLib.LaunchNative Fork(string path, IReadOnlyList<string> arguments)
    {
        foreach (var a in arguments)
            if (a is null || a.Contains('\0')) throw new ArgumentException("program arguments must be non-null and contain no NUL character");
        int rc = NativeLib.LaunchStopped(path, arguments, out var launch);
        if (rc != 0) throw SyscallException.For("fork (starting a program to record)", (Errno)(-rc));
        return launch;
    }
}
