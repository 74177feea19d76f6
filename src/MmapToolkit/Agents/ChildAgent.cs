using System.Runtime.InteropServices;
using System.Text;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using static MmapToolkit.Interop.NativeLib;

namespace MmapToolkit.Agents;

/// <summary>
/// A real forked child process that this process drives one command at a time: touch pages, mprotect, madvise,
/// msync, munmap, mmap, fork a further agent, exec a program, open and close files, exit. It starts as a
/// copy-on-write copy of this process, so it sees every mapping this process had at <see cref="Spawn"/>.
/// <para>docs/design.md rule 1: no managed code runs in the child. The child runs a command loop written in C
/// (native/src/agents/agent.c): raw system calls, fixed buffers, its own SIGSEGV/SIGBUS handler (a bad access during
/// <see cref="Touch"/> is reported in <see cref="TouchResult.Fault"/>, and the agent keeps serving), SIGCHLD
/// ignored, PR_SET_PDEATHSIG(SIGKILL), and it ends in _exit.</para>
/// <para>Every command waits at most <see cref="Timeout"/> for its reply; an agent that overruns is killed
/// (SIGKILL, the agents it forked first) and reaped, and <see cref="AgentTimeoutException"/> is thrown.
/// Failed system calls throw the typed <see cref="SyscallException"/> for their errno; the agent keeps serving.</para>
/// <para>Lifecycle: <see cref="AgentState.Serving"/> → (<see cref="Exec"/>) <see cref="AgentState.RunningProgram"/>
/// → <see cref="AgentState.Ended"/>. <see cref="Dispose"/> ends the agents this one forked, asks it to exit,
/// waits, kills it if it overruns and reaps it: no zombie and no orphan is ever left, even when Dispose is
/// forgotten (the finalizer of the owned handle does the same).</para>
/// Not thread-safe: use one agent from one thread at a time.
/// </summary>
public sealed class ChildAgent : IDisposable
{
    /// <summary>The most arguments <see cref="Exec"/> passes after the program's path.</summary>
    public const int MaxExecArguments = AgentMaxExecArgs;

    /// <summary>The default for <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly int AddressesPerMessage = AgentMaxPayload / sizeof(ulong);
    private const int ReapAfterKillMs = 10000;

    private readonly AgentProcessHandle _process;
    private readonly List<ChildAgent> _forked = [];
    private TimeSpan _timeout = DefaultTimeout;
    private bool _disposed;

    private ChildAgent(AgentProcessHandle process, long forkNs, ChildAgent? parent)
    {
        _process = process;
        ForkNanoseconds = forkNs;
        Parent = parent;
        if (parent is not null) _timeout = parent._timeout;
    }

    /// <summary>The agent's pid.</summary>
    public int Pid => _process.Pid;

    /// <summary>How long the fork (clone) call took, measured around it in the forking process.</summary>
    public TimeSpan ForkTime => TimeSpan.FromTicks(ForkNanoseconds / 100);

    /// <summary><see cref="ForkTime"/> in nanoseconds, as measured.</summary>
    public long ForkNanoseconds { get; }

    /// <summary>The agent that forked this one (<see cref="Fork"/>), or null for one spawned by this process.</summary>
    public ChildAgent? Parent { get; }

    /// <summary>The agents this one forked that have not been disposed.</summary>
    public IReadOnlyList<ChildAgent> ForkedAgents
    {
        get { lock (_forked) return _forked.ToArray(); }
    }

    /// <summary>What the agent last did: serving commands, running a program it exec'd, or ended.</summary>
    public AgentState State { get; private set; } = AgentState.Serving;

    /// <summary>True once the process has ended, whatever <see cref="State"/> last recorded (it may have been killed from outside).</summary>
    public bool HasEnded => State == AgentState.Ended || _process.HasEnded;

    /// <summary>How the process ended, once reaped; null while it runs, and always null for an agent forked by
    /// an agent (its parent agent reaps it, so its status is not ours to read).</summary>
    public ChildExit? ExitStatus { get; private set; }

    /// <summary>The program the process runs since a successful <see cref="Exec"/>.</summary>
    public string? ProgramPath { get; private set; }

    /// <summary>How long any one command may take before the agent is killed. Inherited by forked agents.</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), value, "the timeout must be positive");
            _timeout = value;
        }
    }

    private int TimeoutMs => (int)Math.Min(int.MaxValue, Math.Ceiling(_timeout.TotalMilliseconds));

    /// <summary>Forks a new agent from this process. The fork is done by a native thread of the toolkit that
    /// lives as long as the process, so the agent's PR_SET_PDEATHSIG fires when this process dies, not when the
    /// calling thread happens to end.</summary>
    public static ChildAgent Spawn()
    {
        int rc = AgentSpawn(out var s);
        if (rc != 0) throw SyscallException.For("clone (spawning a child agent)", (Errno)(-rc));
        return new ChildAgent(new AgentProcessHandle(s.PidFd, s.Socket, s.Pid, ownChild: true), s.ForkNs, parent: null);
    }

    /// <summary>Answers with the agent's pid: proof that it is alive and serving.</summary>
    public int Ping() => (int)Call(new AgentCommand { Op = AgentOp.Ping }, default, "ping").Ret;

    /// <summary>
    /// The agent loads one byte at each address (summed into <see cref="TouchResult.ByteSum"/>) or stores
    /// <paramref name="value"/> there, in order, measured by the same code as <see cref="LocalTouch"/>. A SIGSEGV or
    /// SIGBUS stops the loop at that access and is reported in <see cref="TouchResult.Fault"/>; the agent keeps
    /// serving. Lists longer than one message (8192 addresses) are sent in consecutive loops, added up.
    /// </summary>
    public TouchResult Touch(nint[] addresses, bool write, byte value = 1)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        TouchResult? total = null;
        int offset = 0;
        do
        {
            int n = Math.Min(AddressesPerMessage, addresses.Length - offset);
            var chunk = MemoryMarshal.AsBytes(addresses.AsSpan(offset, n));
            var cmd = new AgentCommand { Op = AgentOp.Touch, Arg = value, Arg2 = write ? 1 : 0 };
            var reply = Call(cmd, chunk, $"touch ({n} {(write ? "stores" : "loads")})");
            ThrowIfFailed(reply, "getrusage/clock_gettime around the touch loop");
            var part = TouchResult.FromNative(reply.Touch, offset);
            total = total is null ? part : total.Then(part);
            offset += n;
        } while (offset < addresses.Length && total.Fault is null);
        return total!;
    }

    /// <summary>mprotect(address, length, protection) in the agent. ENOMEM: the range is not mapped there, or the
    /// split would pass <c>vm.max_map_count</c>.</summary>
    public void Protect(nint address, long length, Protection protection)
    {
        var reply = Call(new AgentCommand { Op = AgentOp.Mprotect, Address = (ulong)address, Length = (ulong)length, Arg = (long)protection },
            default, "mprotect");
        ThrowIfFailed(reply, CallText.Mprotect(address, length, protection), CallText.MprotectCause((Errno)reply.Error));
    }

    /// <summary>madvise(address, length, advice) in the agent.</summary>
    public void Advise(nint address, long length, Advice advice)
    {
        var reply = Call(new AgentCommand { Op = AgentOp.Madvise, Address = (ulong)address, Length = (ulong)length, Arg = (long)advice },
            default, "madvise");
        ThrowIfFailed(reply, CallText.Madvise(address, length, advice), CallText.MadviseCause((Errno)reply.Error, advice));
    }

    /// <summary>msync(address, length, flags) in the agent; <paramref name="flags"/> holds exactly one of Async and Sync.</summary>
    public void Sync(nint address, long length, SyncFlags flags)
    {
        CallText.CheckSyncFlags(flags);
        var reply = Call(new AgentCommand { Op = AgentOp.Msync, Address = (ulong)address, Length = (ulong)length, Arg = (long)flags },
            default, "msync");
        ThrowIfFailed(reply, CallText.Msync(address, length, flags));
    }

    /// <summary>munmap(address, length) in the agent.</summary>
    public void Unmap(nint address, long length)
    {
        var reply = Call(new AgentCommand { Op = AgentOp.Munmap, Address = (ulong)address, Length = (ulong)length }, default, "munmap");
        ThrowIfFailed(reply, CallText.Munmap(address, length));
    }

    /// <summary>mmap(NULL, length, protection, MAP_PRIVATE or MAP_SHARED | MAP_ANONYMOUS) in the agent; its address there.</summary>
    public nint MapAnonymous(long length, Protection protection, bool shared = false)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "mapping length must be positive");
        int flags = shared ? MmanConstants.MAP_SHARED : MmanConstants.MAP_PRIVATE;
        var reply = Call(new AgentCommand { Op = AgentOp.MmapAnon, Length = (ulong)length, Arg = (long)protection, Arg2 = flags },
            default, "mmap");
        ThrowIfFailed(reply, $"mmap(NULL, {length}, {CallText.Protection(protection)}, {(shared ? "MAP_SHARED" : "MAP_PRIVATE")}|MAP_ANONYMOUS)");
        return (nint)reply.Ret;
    }

    /// <summary>
    /// The agent forks: the new process is an agent too (a copy-on-write copy of this agent), a child of this
    /// agent, not of this process. Its <see cref="ForkTime"/> is measured in this agent. Disposing or killing
    /// this agent ends it too.
    /// </summary>
    public ChildAgent Fork()
    {
        var fds = new int[2];
        var reply = Call(new AgentCommand { Op = AgentOp.Fork }, default, "fork", fds);
        if (reply.Error != 0)
        {
            CloseAll(fds);
            throw SyscallException.For($"fork in agent {Pid}", (Errno)reply.Error,
                (Errno)reply.Error == Errno.EAGAIN ? "process limit, or this agent already has 64 live forked agents" : null);
        }
        if (fds[0] < 0 || fds[1] < 0 || reply.Ret <= 0)
        {
            CloseAll(fds);
            throw new InvalidOperationException($"agent {Pid} answered fork without the new agent's socket and pidfd");
        }
        var child = new ChildAgent(new AgentProcessHandle(fds[1], fds[0], (int)reply.Ret, ownChild: false), reply.ForkNs, this);
        lock (_forked) _forked.Add(child);
        return child;
    }

    /// <summary>execve in the agent, throwing the typed <see cref="SyscallException"/> when it fails (the agent
    /// then keeps serving). argv[0] is <paramref name="path"/>; at most 8 further arguments.</summary>
    public ExecResult Exec(string path, params string[] args)
    {
        var result = TryExec(path, args);
        if (!result.Succeeded)
            throw SyscallException.For($"execve(\"{path}\") in agent {Pid}", result.Error!.Value, result.Error switch
            {
                Errno.ETXTBSY => "the program file is open for writing",
                Errno.EBUSY => "the agent still has forked agents; dispose them first",
                _ => null,
            });
        return result;
    }

    /// <summary>
    /// execve in the agent. On success the process runs the program from now on (<see cref="State"/> is
    /// <see cref="AgentState.RunningProgram"/>, or <see cref="AgentState.Ended"/> if it already exited) and takes
    /// no more commands. On failure the result carries the errno and the agent keeps serving.
    /// </summary>
    public ExecResult TryExec(string path, params string[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > AgentMaxExecArgs)
            throw new ArgumentException($"exec takes at most {AgentMaxExecArgs} arguments after the path, got {args.Length}", nameof(args));
        foreach (string s in args.Prepend(path))
            if (s is null || s.Contains('\0')) throw new ArgumentException("exec arguments must be non-null and contain no NUL character", nameof(args));
        EnsureServing("exec");
        var live = ForkedAgents.Where(a => a.State != AgentState.Ended).Select(a => a.Pid).ToArray();
        if (live.Length > 0)
            throw new InvalidOperationException(
                $"agent {Pid} still has forked agents ({string.Join(", ", live)}): dispose them before exec, a program would not reap them");

        var payload = new MemoryStream();
        foreach (string s in args.Prepend(path).Prepend(path))
        {
            payload.Write(Encoding.UTF8.GetBytes(s));
            payload.WriteByte(0);
        }
        if (payload.Length > AgentMaxPayload)
            throw new ArgumentException($"exec path and arguments take {payload.Length} bytes, more than {AgentMaxPayload}", nameof(args));

        var cmd = new AgentCommand { Op = AgentOp.Exec, Arg = 1 + args.Length };
        int rc = RawCall(ref cmd, payload.ToArray(), out var reply, null);
        if (rc == 0)
        {
            if (reply.Error == 0) throw new InvalidOperationException($"agent {Pid} answered exec without an error: protocol mismatch");
            return new ExecResult(path, args, (Errno)reply.Error);
        }
        if (rc != -(int)Errno.EPIPE) throw CallFailed(rc, "exec");

        // EOF without a reply: the exec closed the agent's close-on-exec socket. The agent writes nothing else
        // to it, so this is success; the program may already have ended, though.
        ProgramPath = path;
        _process.CloseSocket();
        if (_process.HasEnded) Ended(reap: true, killed: false);
        else State = AgentState.RunningProgram;
        return new ExecResult(path, args, null);
    }

    /// <summary>open(path, flags | O_CLOEXEC, 0600) in the agent; the descriptor there. The file stays open
    /// (for writing, say, so that executing it fails with ETXTBSY) until <see cref="CloseFile"/> or the agent ends.</summary>
    public int OpenFile(string path, AgentOpenFlags flags)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0')) throw new ArgumentException("the path contains a NUL character", nameof(path));
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        if (bytes.Length > AgentMaxPayload) throw new ArgumentException($"the path is longer than {AgentMaxPayload} bytes", nameof(path));
        var reply = Call(new AgentCommand { Op = AgentOp.Open, Arg = (long)flags }, bytes, "open");
        ThrowIfFailed(reply, $"open(\"{path}\", {CallText.Open(flags)})",
            (Errno)reply.Error == Errno.ETXTBSY ? "the file is a program that is running now" : null);
        return (int)reply.Ret;
    }

    /// <summary>close(fd) in the agent, for a descriptor <see cref="OpenFile"/> returned.</summary>
    public void CloseFile(int fd)
    {
        var reply = Call(new AgentCommand { Op = AgentOp.Close, Arg = fd }, default, "close");
        ThrowIfFailed(reply, $"close({fd})",
            (Errno)reply.Error == Errno.EBADF ? "not a descriptor the agent opened with OpenFile" : null);
    }

    /// <summary>The agent calls _exit(code), after ending the agents it forked; this waits for it (at most
    /// <see cref="Timeout"/>, then kills it) and reaps it.</summary>
    public void Exit(int code = 0)
    {
        EnsureServing("exit");
        int rc = AgentSendExit(_process.Socket, code);
        if (rc != 0 && rc != -(int)Errno.EPIPE) throw CallFailed(rc, "exit");
        _process.CloseSocket();
        int wait = _process.Wait(TimeoutMs, out int status);
        if (wait == -(int)Errno.ETIMEDOUT)
        {
            KillTree(afterTimeout: true);
            throw new AgentTimeoutException($"agent {Pid} did not exit within {_timeout.TotalSeconds:0.###} s: it was killed (SIGKILL) and reaped");
        }
        Ended(status, wait == 0, killed: false);
    }

    /// <summary>
    /// Waits for the process to end on its own (a program run by <see cref="Exec"/> that exits, say) and reaps
    /// it. Returns <see cref="ExitStatus"/> (null for an agent forked by an agent). A process still running after
    /// <paramref name="timeout"/> is killed (SIGKILL) and reaped, and <see cref="AgentTimeoutException"/> is thrown.
    /// </summary>
    public ChildExit? WaitForExit(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (State == AgentState.Ended) return ExitStatus;
        int ms = (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
        int rc = _process.Wait(ms, out int status);
        if (rc == -(int)Errno.ETIMEDOUT)
        {
            KillTree(afterTimeout: true);
            throw new AgentTimeoutException($"{this} did not end within {timeout.TotalSeconds:0.###} s: it was killed (SIGKILL) and reaped");
        }
        if (rc != 0) throw SyscallException.For($"waitid(agent {Pid})", (Errno)(-rc));
        _process.CloseSocket();
        Ended(status, reaped: true, killed: false);
        return ExitStatus;
    }

    /// <summary>SIGKILLs the process (the agents it forked first, so that none is orphaned) and reaps it.</summary>
    public void Kill()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        KillTree(afterTimeout: false);
    }

    /// <summary>Sends a signal to the agent (tests use SIGSTOP to make an agent hang).</summary>
    internal void SendSignal(int signal)
    {
        int rc = _process.Signal(signal);
        if (rc != 0) throw SyscallException.For($"pidfd_send_signal(agent {Pid}, {signal})", (Errno)(-rc));
    }

    /// <summary>Ends the agent and those it forked: asks a serving agent to exit (then kills it if it does not), kills one
    /// that runs a program, and reaps it. Safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        foreach (var child in ForkedAgents) child.Dispose();
        try
        {
            if (State == AgentState.Serving && !_process.HasEnded) Exit();
            else if (State != AgentState.Ended) KillTree(afterTimeout: false);
        }
        catch (Exception e) when (e is SyscallException or AgentTimeoutException or InvalidOperationException)
        {
            // The handle below still kills and reaps whatever is left.
        }
        _disposed = true;
        _process.Dispose();
        if (Parent is not null) lock (Parent._forked) Parent._forked.Remove(this);
    }

    /// <summary>"agent PID (STATE)", with the program it runs, if any.</summary>
    public override string ToString() => $"agent {Pid} ({State}{(ProgramPath is null ? "" : ": " + ProgramPath)})";

    // ---------------------------------------------------------------------------------------------------------

    private void EnsureServing(string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (State == AgentState.RunningProgram)
            throw new InvalidOperationException($"agent {Pid} runs {ProgramPath} since exec: it takes no '{what}' command; only Pid, Kill and Dispose remain");
        if (State == AgentState.Ended)
            throw new InvalidOperationException($"agent {Pid} has ended{(ExitStatus is null ? "" : $" ({ExitStatus})")}: it takes no '{what}' command");
    }

    private AgentReply Call(AgentCommand cmd, ReadOnlySpan<byte> payload, string what, int[]? fds = null)
    {
        EnsureServing(what);
        int rc = RawCall(ref cmd, payload, out var reply, fds);
        if (rc != 0) throw CallFailed(rc, what);
        return reply;
    }

    /// <summary>One command and its reply. Descriptors the reply carried go to <paramref name="fds"/>, or are closed.</summary>
    private int RawCall(ref AgentCommand cmd, ReadOnlySpan<byte> payload, out AgentReply reply, int[]? fds)
    {
        int rc = AgentCall(_process.Socket, ref cmd, payload, TimeoutMs, out reply, out int fd0, out int fd1);
        int[] received = [fd0, fd1];
        if (fds is not null) received.CopyTo(fds, 0);
        else CloseAll(received);
        return rc;
    }

    private Exception CallFailed(int rc, string what)
    {
        if (rc == -(int)Errno.ETIMEDOUT)
        {
            KillTree(afterTimeout: true);
            return new AgentTimeoutException(
                $"agent {Pid} did not answer '{what}' within {_timeout.TotalSeconds:0.###} s: it was killed (SIGKILL) and reaped");
        }
        if (rc == -(int)Errno.EPIPE)
        {
            _process.CloseSocket();
            int wait = _process.Wait(TimeoutMs, out int status);
            if (wait != 0) KillTree(afterTimeout: true);
            else Ended(status, reaped: true, killed: false);
            return new AgentEndedException($"agent {Pid} ended before answering '{what}'{(ExitStatus is null ? "" : $": {ExitStatus}")}");
        }
        return SyscallException.For($"'{what}' sent to agent {Pid}", (Errno)(-rc));
    }

    private void ThrowIfFailed(in AgentReply reply, string call, string? reason = null)
    {
        if (reply.Error != 0) throw SyscallException.For($"{call} in agent {Pid}", (Errno)reply.Error, reason);
    }

    /// <summary>SIGKILL the forked agents (depth first), then this one; reap.</summary>
    private void KillTree(bool afterTimeout)
    {
        foreach (var child in ForkedAgents) child.KillTree(afterTimeout: false);
        if (State == AgentState.Ended) return;
        _process.Signal(Signals.SIGKILL);
        _process.CloseSocket();     // after the signal: on EOF first, the agent would exit on its own
        Ended(reap: true, killed: afterTimeout);
    }

    private void Ended(bool reap, bool killed)
    {
        int status = -1;
        int rc = reap ? _process.Wait(ReapAfterKillMs, out status) : -1;
        Ended(rc == 0 ? status : -1, rc == 0, killed);
    }

    private void Ended(int status, bool reaped, bool killed)
    {
        State = AgentState.Ended;
        if (reaped && _process.OwnChild && status >= 0) ExitStatus = ChildExit.FromWaitStatus(Pid, status, killed);
        // An agent ends the agents it forked before it exits; PDEATHSIG ends them if it was killed.
        foreach (var child in ForkedAgents)
            if (child.State != AgentState.Ended)
            {
                if (child._process.Wait(2000, out _) != 0) child.KillTree(afterTimeout: false);
                child.Ended(-1, reaped: true, killed: false);
            }
    }

    private static void CloseAll(int[] fds)
    {
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0) { Libc.Close(fds[i]); fds[i] = -1; }
    }
}
