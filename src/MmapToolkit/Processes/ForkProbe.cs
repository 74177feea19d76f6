using MmapToolkit.Interop;
using MmapToolkit.Observers;

namespace MmapToolkit.Processes;

/// <summary>
/// A forked child running a <see cref="ChildWorkload"/> in native code (docs/design.md rule 1). The child inherits
/// this process's memory copy-on-write, so the probe shows what fork shares and what a write in the child costs.
/// <para>Lifecycle: <see cref="Start"/> forks (timing the fork itself); <see cref="Go"/> opens the gate of a child
/// that waits for it; <see cref="AwaitReport"/> reads what the child measured; while a child holds, its
/// <c>/proc/&lt;pid&gt;/pagemap</c> can be inspected; <see cref="Release"/> lets it exit; <see cref="WaitForExit"/>
/// reaps it, killing it (SIGKILL) if it overruns. <see cref="Dispose"/> does whatever is still needed of
/// release, kill and reap, so no child is ever left behind.</para>
/// Not thread-safe: use one probe from one thread at a time.
/// </summary>
public sealed class ForkProbe : IDisposable
{
    /// <summary>Used by <see cref="AwaitReport"/> when no timeout is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly ForkProbeHandle _handle;
    private readonly ChildWorkload _workload;
    private ChildReport? _report, _grandchildReport;
    private ChildExit? _exit;

    /// <summary>The child's pid.</summary>
    public int ChildPid { get; }

    /// <summary>How long the fork (clone) system call took, measured in the parent around it.</summary>
    public TimeSpan ForkTime { get; }

    /// <summary>Set once the child has been reaped.</summary>
    public ChildExit? Exit => _exit;

    private ForkProbe(ForkProbeHandle handle, ChildWorkload workload)
    {
        _handle = handle;
        _workload = workload;
        ChildPid = NativeLib.ForkProbePid(handle.DangerousGetHandle());
        ForkTime = TimeSpan.FromTicks(NativeLib.ForkProbeForkNs(handle.DangerousGetHandle()) / 100);
    }

    /// <summary>Forks a child that runs <paramref name="workload"/> (and its grandchild, if it has one).</summary>
    public static unsafe ForkProbe Start(ChildWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var child = workload.Touches.ToArray();
        var childWatch = workload.WatchedPages.Select(a => (ulong)a).ToArray();
        var gc = workload.Grandchild;
        var gcTouches = gc?.Touches.ToArray() ?? [];
        var gcWatch = gc?.WatchedPages.Select(a => (ulong)a).ToArray() ?? [];

        int rc;
        nint probe;
        fixed (NativeLib.ForkProbeTouch* ct = child)
        fixed (ulong* cw = childWatch)
        fixed (NativeLib.ForkProbeTouch* gt = gcTouches)
        fixed (ulong* gw = gcWatch)
        {
            var c = new NativeLib.ForkProbeWorkload
            {
                Touches = ct, TouchCount = (ulong)child.Length, Watch = cw, WatchCount = (ulong)childWatch.Length,
                Hold = workload.Holds ? 1 : 0, Gate = workload.WaitsForGo ? 1 : 0,
            };
            var g = new NativeLib.ForkProbeWorkload
            {
                Touches = gt, TouchCount = (ulong)gcTouches.Length, Watch = gw, WatchCount = (ulong)gcWatch.Length,
                Hold = gc?.Holds == true ? 1 : 0,
            };
            rc = NativeLib.ForkProbeStart(&c, gc is null ? null : &g, out probe);
        }
        if (rc != 0)
            throw SyscallException.For($"fork probe: clone({child.Length} touches, {childWatch.Length} watched pages)", (Errno)(-rc));
        return new ForkProbe(new ForkProbeHandle(probe), workload);
    }

    /// <summary>Lets a child that waits for it (<see cref="ChildWorkload.WaitForGo"/>) start its work.</summary>
    public void Go()
    {
        if (!_workload.WaitsForGo) throw new InvalidOperationException("this child does not wait for Go(); build its workload with WaitForGo()");
        Check(NativeLib.ForkProbeGo(Probe), "open the gate");
    }

    /// <summary>Waits for the child's report (at most <paramref name="timeout"/>, default 30 s).</summary>
    public ChildReport AwaitReport(TimeSpan? timeout = null) => _report ??= Await(0, ChildPid, timeout);

    /// <summary>Waits for the grandchild's report.</summary>
    public ChildReport AwaitGrandchildReport(TimeSpan? timeout = null)
    {
        if (_workload.Grandchild is null) throw new InvalidOperationException("this child forks no grandchild; add one with ThenFork()");
        return _grandchildReport ??= Await(1, null, timeout);
    }

    /// <summary>Lets held children exit (the child and its grandchild). Idempotent.</summary>
    public void Release() => Check(NativeLib.ForkProbeRelease(Probe), "release");

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for the child to end and reaps it. A child still running then has
    /// overrun: it is killed with SIGKILL (a grandchild is killed first and reaped by the child) and reaped.
    /// Does not release a held child: call <see cref="Release"/> first for a clean exit.
    /// </summary>
    public ChildExit WaitForExit(TimeSpan timeout)
    {
        if (_exit is not null) return _exit;
        int rc = NativeLib.ForkProbeWait(Probe, ToMilliseconds(timeout), out int status);
        bool killed = false;
        if (rc == -(int)Errno.ETIMEDOUT)
        {
            killed = true;
            Check(NativeLib.ForkProbeKill(Probe), "kill");
            rc = NativeLib.ForkProbeWait(Probe, 10_000, out status);
        }
        Check(rc, "waitpid");
        return _exit = ChildExit.FromWaitStatus(ChildPid, status, killed);
    }

    /// <summary>Release, kill if still running after a short grace period, reap, free. Safe to call twice.</summary>
    public void Dispose() => _handle.Dispose();

    private nint Probe
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    private unsafe ChildReport Await(int which, int? pid, TimeSpan? timeout)
    {
        string who = which == 0 ? $"child {ChildPid}" : $"the grandchild of child {ChildPid}";
        ulong size = NativeLib.ForkProbeReportSize(Probe, which);
        var buffer = new byte[size];
        int rc;
        fixed (byte* b = buffer)
            rc = NativeLib.ForkProbeAwaitReport(Probe, which, ToMilliseconds(timeout ?? DefaultTimeout), b, size);
        if (rc == -(int)Errno.ETIMEDOUT)
            throw new TimeoutException($"{who} sent no report within {(timeout ?? DefaultTimeout).TotalSeconds:0.###} s");
        if (rc == -(int)Errno.ECHILD)
            throw new InvalidOperationException($"{who} ended without a complete report{DescribeEnd()}");
        Check(rc, "read report");
        return Decode(buffer, who, pid, which == 0 ? _workload.WatchedPages : _workload.Grandchild!.WatchedPages);
    }

    private string DescribeEnd()
    {
        // The pipe closes a moment before the child becomes waitable: give it that moment.
        if (NativeLib.ForkProbeWait(Probe, 2000, out int status) != 0) return "";
        _exit ??= ChildExit.FromWaitStatus(ChildPid, status, killed: false);
        string hint = _exit.Signal is 11 or 7 ? " — a touched address is not mapped, or not readable/writable, in the child" : "";
        return $" (child {_exit}{hint})";
    }

    private static unsafe ChildReport Decode(byte[] buffer, string who, int? expectedPid, IReadOnlyList<nint> addresses)
    {
        NativeLib.ForkProbeReport header;
        fixed (byte* b = buffer) header = *(NativeLib.ForkProbeReport*)b;
        if (header.Magic != NativeLib.ForkProbeMagic)
            throw new InvalidOperationException($"{who} sent a report with magic 0x{header.Magic:x8}, expected 0x{NativeLib.ForkProbeMagic:x8} (stale libmmaptk.so?)");
        if (expectedPid is { } p && header.Pid != p)
            throw new InvalidOperationException($"{who}'s report names pid {header.Pid}");
        if (header.FailedStep != 0)
        {
            string step = header.FailedStep switch
            {
                1 => "open /proc/self/pagemap",
                2 => "read its pagemap before the work",
                3 => "read its fault counters (getrusage)",
                4 => "read its pagemap after the work",
                5 => "fork the grandchild",
                _ => $"complete step {header.FailedStep}",
            };
            throw SyscallException.For($"{who} could not {step}", (Errno)header.Error);
        }
        int watch = checked((int)header.WatchCount);
        int headerSize = sizeof(NativeLib.ForkProbeReport);
        var pages = new WatchedPage[watch];
        for (int i = 0; i < watch; i++)
        {
            ulong before = BitConverter.ToUInt64(buffer, headerSize + 8 * i);
            ulong after = BitConverter.ToUInt64(buffer, headerSize + 8 * (watch + i));
            pages[i] = new WatchedPage(addresses[i], new PageMapEntry(before), new PageMapEntry(after));
        }
        return new ChildReport(header.Pid, header.MinorFaults, header.MajorFaults,
                               TimeSpan.FromTicks(header.ElapsedNs / 100), (long)header.TouchCount, pages,
                               header.GrandchildPid > 0 ? header.GrandchildPid : null);
    }

    private static int ToMilliseconds(TimeSpan t) =>
        t < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(t), t, "a timeout cannot be negative")
        : (int)Math.Min(int.MaxValue, Math.Ceiling(t.TotalMilliseconds));

    private void Check(int rc, string what)
    {
        if (rc < 0) throw SyscallException.For($"fork probe of child {ChildPid}: {what}", (Errno)(-rc));
    }
}
