using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Observers;

namespace MmapToolkit.Processes;

/// <summary>What <see cref="CopyOnWriteExperiment.Run"/> measured. Frame figures are null, with a reason, when not root.</summary>
public sealed record CopyOnWriteResult(
    int Pages, int ChildWrites, int PageSize,
    long ParentMinorFaults, long ParentMajorFaults,
    TimeSpan ForkTime,
    int ChildPid, long ChildMinorFaults, long ChildMajorFaults, TimeSpan ChildWriteTime,
    long? ChildNewFrames, long? SharedBefore, long? SharedAfter, string? FrameFiguresUnavailableReason,
    ChildExit ChildExit);

/// <summary>
/// Copy-on-write fork, measured (docs/design.md section 4, row 8): map <c>pages</c> private anonymous pages
/// (NoHugePage), write every one (the parent's faults), fork a <see cref="ChildAgent"/> (its duration), let the
/// child write <c>childWrites</c> of them (the child's faults: one copy each), and count, in the parent's mapping,
/// the pages whose frame is shared (kpagecount ≥ 2) before and after the child's writes. As root, the child's own
/// pagemap (read by the parent while the agent waits between commands) says how many written pages got a new frame.
/// </summary>
public static class CopyOnWriteExperiment
{
    /// <summary>The largest mapping the experiment accepts: 4 Mi pages (16 GiB with 4 KiB pages).</summary>
    public const int MaxPages = 4 << 20;

    /// <summary>How long the child may take over any one step (its writes, its exit) when no timeout is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first argument <see cref="Run"/> refuses, each named in
    /// the message as <paramref name="name"/> spells the parameter's name (default: as it is; the command line passes its
    /// option names).</summary>
    public static void Validate(int pages, int childWrites, TimeSpan timeout, Func<string, string>? name = null)
    {
        name ??= n => n;
        string p = name(nameof(pages)), k = name(nameof(childWrites));
        if (pages <= 0) throw new ArgumentOutOfRangeException(nameof(pages), $"{p} must be at least 1, got {pages}");
        if (pages > MaxPages) throw new ArgumentOutOfRangeException(nameof(pages), $"{p} must be at most {MaxPages}, got {pages}");
        if (childWrites < 0) throw new ArgumentOutOfRangeException(nameof(childWrites), $"{k} cannot be negative, got {childWrites}");
        if (childWrites > pages)
            throw new ArgumentOutOfRangeException(nameof(childWrites), $"{k} ({childWrites}) cannot exceed {p} ({pages}): the child writes pages of the parent's mapping");
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), $"{name(nameof(timeout))} must be positive, got {timeout}");
    }

    /// <summary>Runs the experiment. A child that overruns <paramref name="timeout"/> on a step is killed and
    /// reaped, and <see cref="AgentTimeoutException"/> is thrown.</summary>
    public static CopyOnWriteResult Run(int pages, int childWrites, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        Validate(pages, childWrites, wait);
        int pageSize = Environment.SystemPageSize;

        using var mapping = new MappingOptions().Length((long)pages * pageSize).MapAnonymous();
        mapping.Advise(Advice.NoHugePage);
        // The parent's writes are made and counted by native code (touch.c, as a child agent's are): a managed loop
        // let the runtime's own work on this thread (tiering's call counting, a suspension signal) add a fault or two.
        var everyPage = new nint[pages];
        for (int i = 0; i < pages; i++) everyPage[i] = mapping.Address + (nint)((long)i * pageSize);
        LocalTouch.Touch([PrefaultedScratch()], write: true);
        var parent = LocalTouch.Touch(everyPage, write: true, value: 1);

        string? reason = PhysicalPages.UnavailableReason
                         ?? (PageMap.PfnsVisible ? null : new RootRequiredException("page frame numbers in pagemap").Message);
        using var self = PageMap.OfSelf();
        long? SharedPages() => reason is null ? FrameSharing.Of(self, mapping.Address, pages).SharedPages : null;

        // A new agent only waits for commands: the parent looks at the frames right after fork before the child writes.
        using var child = ChildAgent.Spawn();
        child.Timeout = wait;
        using var childMap = reason is null ? PageMap.Open(child.Pid) : null;
        long? sharedBefore = SharedPages();
        var framesBefore = childMap?.Read(mapping.Address, childWrites);

        var writes = child.Touch(everyPage[..childWrites], write: true, value: 2);
        if (writes.Fault is { } fault)
            throw new InvalidOperationException($"child {child.Pid}'s write to the parent's mapping was stopped by {fault}");

        long? sharedAfter = SharedPages();
        var framesAfter = childMap?.Read(mapping.Address, childWrites);
        long? newFrames = framesBefore is null || framesAfter is null
            ? null
            : Enumerable.Range(0, childWrites).Count(i => framesBefore[i].Pfn is { } b && framesAfter[i].Pfn is { } a && a != b);
        child.Exit();
        var exit = child.ExitStatus ?? throw new InvalidOperationException($"child {child.Pid} exited but could not be reaped");

        return new CopyOnWriteResult(pages, childWrites, pageSize, parent.MinorFaults, parent.MajorFaults, child.ForkTime,
            child.Pid, writes.MinorFaults, writes.MajorFaults, writes.Elapsed,
            newFrames, sharedBefore, sharedAfter, reason, exit);
    }

    // One page written before the measured touch, so the native call's first-use costs (binding the P/Invoke) fall
    // outside it. The scratch page stays mapped for the life of the process: one page.
    private static nint PrefaultedScratch() => s_scratch.Value.Address;

    private static readonly Lazy<MemoryMapping> s_scratch = new(() => new MappingOptions().Length(Environment.SystemPageSize).MapAnonymous());
}
