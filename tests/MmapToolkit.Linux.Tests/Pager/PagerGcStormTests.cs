using System.Runtime.InteropServices;
using MmapToolkit.Pager;

namespace MmapToolkit.Linux.Tests.Pager;

[Collection(PagerCollection.Name)]
public class PagerGcStormTests
{
    // Known open bug, reported as a skip rather than left to fail every other CI run: on the PVM guest, a thread
    // faulting pager pages while another thread calls GC.Collect in a loop hung in 2 of about 6 full runs on 2026-11-30
    // (finishes in ~1 s otherwise). gdb on a hung run: the faulting thread sat in the runtime's suspension handler
    // (SIGRTMIN) waiting for the GC to end, the GC thread kept running inside libcoreclr. The region is pinned to the
    // SIGSEGV backend: the hang was seen when that was the only one, and as root the default is now userfaultfd.
    // 2026-12-01: 40 clean runs of this test, but a 200,000-access version stalled once (the faulting thread waiting in
    // the suspension handler, the rest of the process running on: starvation, perhaps). See docs/pager.md, "Known problem".
    // Run it with:
    //   dotnet test tests/MmapToolkit.Linux.Tests -c Release --filter FullyQualifiedName~PagerGcStorm   (after removing Skip)
    [Fact(Skip = "known open bug, cause not found: a GC.Collect storm hung a thread faulting pager pages (docs/pager.md, Known problem)")]
    public void FaultsDuringAGcStorm_NoDeadlock_DataIntact()
    {
        const int pages = 128;
        // Not `using`: if the faulting thread deadlocked holding the pager's lock, Dispose would spin on that lock and
        // hang the test run instead of failing this test. A deadlocked region is left behind; the run reports it.
        var pager = new UserPager(new PagerOptions { Pages = pages, Frames = 8, Policy = PagerPolicy.Clock, Backend = PagerBackend.Sigsegv });
        using var stop = new CancellationTokenSource();
        long collections = 0;
        var storm = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                _ = new byte[64 * 1024];
                GC.Collect();
                Interlocked.Increment(ref collections);
            }
        }) { IsBackground = true, Name = "gc-storm" };
        var versions = new long[pages];
        long bad = 0;
        int done = 0;
        var work = new Thread(() =>
        {
            var rng = new Random(7);
            for (int i = 0; i < 4000; i++)
            {
                int p = rng.Next(pages);
                var words = MemoryMarshal.Cast<byte, ulong>(pager.Page(p));
                if (rng.Next(2) == 0) PagerStress.Fill(words, p, ++versions[p]);
                else if (!PagerStress.Check(words, p, versions[p])) bad++;
                Volatile.Write(ref done, i + 1);
            }
        }) { IsBackground = true, Name = "pager-faults" };
        storm.Start();
        work.Start();
        bool finished = work.Join(TimeSpan.FromSeconds(90));
        stop.Cancel();
        Assert.True(finished, $"the faulting thread did not finish: {Volatile.Read(ref done)} of 4000 accesses done, " +
                              $"{Interlocked.Read(ref collections)} collections meanwhile, {pager.Statistics.SwapIns} swap-ins");
        using var disposeAtEnd = pager;
        Assert.True(storm.Join(TimeSpan.FromSeconds(30)), "the GC thread did not stop");
        Assert.Equal(0, bad);
        Assert.True(Interlocked.Read(ref collections) > 0);
        for (int p = 0; p < pages; p++)
            Assert.True(PagerStress.Check(MemoryMarshal.Cast<byte, ulong>(pager.Page(p)), p, versions[p]), $"page {p} lost");
        Assert.True(pager.Statistics.SwapIns > 0);
    }
}
