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
/// (NoHugePage), write every one (the parent's faults), fork (its duration), let the child write
/// <c>childWrites</c> of them (the child's faults: one copy each), and count, in the parent's mapping, the
/// pages whose frame is shared (kpagecount ≥ 2) before and after the child's writes.
/// </summary>
public static class CopyOnWriteExperiment
{
    /// <summary>The largest mapping the experiment accepts: 4 Mi pages (16 GiB with 4 KiB pages).</summary>
    public const int MaxPages = 4 << 20;

    public static CopyOnWriteResult Run(int pages, int childWrites, TimeSpan? timeout = null)
    {
        if (pages <= 0 || pages > MaxPages)
            throw new ArgumentOutOfRangeException(nameof(pages), pages, $"the number of pages must be between 1 and {MaxPages}");
        if (childWrites < 0 || childWrites > pages)
            throw new ArgumentOutOfRangeException(nameof(childWrites), childWrites, $"the child can write between 0 and {pages} pages (the mapping's size)");
        var wait = timeout ?? ForkProbe.DefaultTimeout;
        int pageSize = Environment.SystemPageSize;

        using var mapping = new MappingOptions().Length((long)pages * pageSize).MapAnonymous();
        mapping.Advise(Advice.NoHugePage);
        WarmUp();
        var before = FaultCounters.Thread();
        WriteEveryPage(mapping, 1);
        var parent = FaultCounters.Thread() - before;

        string? reason = PhysicalPages.UnavailableReason
                         ?? (PageMap.PfnsVisible ? null : new RootRequiredException("page frame numbers in pagemap").Message);
        using var self = PageMap.OfSelf();
        long? SharedPages() => reason is null ? FrameSharing.Of(self, mapping.Address, pages).SharedPages : null;

        var written = Enumerable.Range(0, childWrites).ToArray();
        using var probe = ForkProbe.Start(new ChildWorkload()
            .WaitForGo()
            .Write(mapping, written, 2)
            .Watch(mapping, written)
            .HoldUntilReleased());
        long? sharedBefore = SharedPages();
        probe.Go();
        var report = probe.AwaitReport(wait);
        long? sharedAfter = SharedPages();
        probe.Release();
        var exit = probe.WaitForExit(wait);

        long? newFrames = reason is null ? report.Pages.Count(p => p.GotNewFrame == true) : null;
        return new CopyOnWriteResult(pages, childWrites, pageSize, parent.Minor, parent.Major, probe.ForkTime,
            probe.ChildPid, report.MinorFaults, report.MajorFaults, report.Elapsed,
            newFrames, sharedBefore, sharedAfter, reason, exit);
    }

    // Fully optimised from the start: a tier-0 loop of many pages gets recompiled mid-loop (on-stack
    // replacement), on this thread, and the compiler's own faults would be counted as the parent's.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void WriteEveryPage(MemoryMapping mapping, byte value)
    {
        for (int i = 0; i < mapping.PageCount; i++) mapping.Page(i)[0] = value;
    }

    // Compiles the measured path once, so the parent's count is its page faults and not the JIT's; and touches the
    // stack below this frame, because a runtime signal (GC or tiering suspension) that lands during the loop runs its
    // handler on this stack, and a stack page touched for the first time there was a fault counted as the parent's.
    private static void WarmUp()
    {
        PrefaultStack();
        using var scratch = new MappingOptions().Length(Environment.SystemPageSize).MapAnonymous();
        WriteEveryPage(scratch, 1);
        _ = FaultCounters.Thread() - FaultCounters.Thread();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void PrefaultStack()
    {
        Span<byte> below = stackalloc byte[128 * 1024];
        for (int i = 0; i < below.Length; i += 1024) below[i] = 1;
    }
}
