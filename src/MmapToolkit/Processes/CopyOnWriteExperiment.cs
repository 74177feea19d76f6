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
/// (NoHugePage), write every one (the parent's faults), fork (its duration), let the child write
/// <c>childWrites</c> of them (the child's faults: one copy each), and count, in the parent's mapping, the
/// pages whose frame is shared (kpagecount ≥ 2) before and after the child's writes.
/// </summary>
public static class CopyOnWriteExperiment
{
    /// <summary>The largest mapping the experiment accepts: 4 Mi pages (16 GiB with 4 KiB pages).</summary>
    public const int MaxPages = 4 << 20;

    /// <summary>Runs the experiment once; the child is killed if it overruns <paramref name="timeout"/> (default
    /// <see cref="ForkProbe.DefaultTimeout"/>). Throws <see cref="ArgumentOutOfRangeException"/> for a page count out of range.</summary>
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
        return new CopyOnWriteResult(pages, childWrites, pageSize, parent.MinorFaults, parent.MajorFaults, probe.ForkTime,
            probe.ChildPid, report.MinorFaults, report.MajorFaults, report.Elapsed,
            newFrames, sharedBefore, sharedAfter, reason, exit);
    }

    // One page written before the measured touch, so the native call's first-use costs (binding the P/Invoke) fall
    // outside it. The scratch page stays mapped for the life of the process: one page.
    private static nint PrefaultedScratch() => s_scratch.Value.Address;

    private static readonly Lazy<MemoryMapping> s_scratch = new(() => new MappingOptions().Length(Environment.SystemPageSize).MapAnonymous());
}
