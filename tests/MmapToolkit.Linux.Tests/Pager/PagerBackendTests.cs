using System.Runtime.InteropServices;
using MmapToolkit.Interop;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;
using MmapToolkit.Profile;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>The backend choice (the profile's probe, the fallback and its reason), and what only the userfaultfd
/// backend promises: one VMA however many frames, unprivileged use through UFFD_USER_MODE_ONLY, a closed descriptor
/// after Dispose.</summary>
[Collection(PagerCollection.Name)]
public class PagerBackendTests
{
    private static readonly UserfaultfdSupport Probe = UserfaultfdSupport.Probe();

    private static bool ProbeOffersTheFeatures => Probe.Available && Probe.Features.Contains("SIGBUS") && Probe.Features.Contains("PAGEFAULT_FLAG_WP");

    [Fact]
    public void TheBackendsUnderTestFollowTheProbe() =>
        Assert.Equal(ProbeOffersTheFeatures, Backends.Contains(PagerBackend.Userfaultfd));

    [Fact]
    public void TheDefaultFollowsTheProfile_AndSaysWhy()
    {
        using var pager = new UserPager(new PagerOptions { Pages = 8, Frames = 2 });
        if (ProbeOffersTheFeatures)
        {
            Assert.Equal(PagerBackend.Userfaultfd, pager.Backend);
            Assert.StartsWith("uffd: the kernel profile found userfaultfd", pager.BackendChoice.Reason);
            Assert.Equal(Probe.How, pager.UserfaultfdMode);
            Assert.Contains(PagerBackend.Userfaultfd, Backends);
        }
        else
        {
            Assert.Equal(PagerBackend.Sigsegv, pager.Backend);
            Assert.StartsWith("sigsegv: userfaultfd", pager.BackendChoice.Reason);
            Assert.Null(pager.UserfaultfdMode);
        }
        using var asked = new UserPager(new PagerOptions { Pages = 8, Frames = 2, Backend = PagerBackend.Sigsegv });
        Assert.Equal(new PagerBackendChoice(PagerBackend.Sigsegv, "sigsegv: asked for"), asked.BackendChoice);
    }

    [Fact]
    public void UnderASeccompFilterThatRefusesUserfaultfd_TheRegionIsRefused_AndTheDefaultFallsBackWithTheReason()
    {
        var (trace, writes) = Notes();
        var child = InChild(uid: -1, seccomp: true, PagerPolicy.Fifo, 3, trace, writes);
        Assert.Equal(0, child.SetupErrno);
        Assert.NotEqual(0, child.CreateResult);
        string refusal = child.Error;
        Assert.StartsWith("userfaultfd unavailable: userfaultfd() EPERM, with UFFD_USER_MODE_ONLY EPERM", refusal);

        // The default decides from the profile; the profile's probe under the same filter says why, and the choice carries it.
        int rc = NativeLib.ProbeUserfaultfdUnderSeccomp(out var r);
        Assert.True(rc == 0, $"the seccomp probe child failed: {((Errno)(-rc)).Name()}");
        var choice = PagerBackends.Choose(null, writable: true, UserfaultfdSupport.FromNative(r, seccompMode: 2, unprivilegedSysctl: 0));
        Assert.Equal(PagerBackend.Sigsegv, choice.Backend);
        Assert.Contains("seccomp", choice.Reason);
        Assert.StartsWith("sigsegv: userfaultfd is not available here", choice.Reason);
    }

    [Fact]
    public void AProbeWithoutTheWriteProtectFeature_ChoosesSigsegv_NamingTheFeature()
    {
        var probe = new UserfaultfdSupport(true, "syscall", ["SIGBUS"], 1UL << 7, null);
        var choice = PagerBackends.Choose(null, writable: true, probe);
        Assert.Equal(PagerBackend.Sigsegv, choice.Backend);
        Assert.Contains("PAGEFAULT_FLAG_WP", choice.Reason);
        Assert.Equal(PagerBackend.Userfaultfd, PagerBackends.Choose(null, writable: false, probe).Backend);
    }

    [UserfaultfdFact]
    public void Unprivileged_TheUffdBackendWorksThroughWhatTheKernelAllows_WithTheModelsFaults()
    {
        bool root = Libc.Geteuid() == 0;
        var (trace, writes) = Notes();
        foreach (var policy in Policies.Where(p => p != PagerPolicy.Opt))
        {
            var child = InChild(uid: root ? 65534 : -1, seccomp: false, policy, 3, trace, writes);
            Assert.True(child.SetupErrno == 0, $"the child could not drop to nobody: {((Errno)child.SetupErrno).Name()}");
            Assert.NotEqual(0, child.Euid);
            Assert.True(child.CreateResult == 0, $"{policy}: an unprivileged uffd region was refused: {child.Error}");
            int? sysctl = int.TryParse(File.ReadAllText("/proc/sys/vm/unprivileged_userfaultfd").Trim(), out int v) ? v : null;
            if (sysctl == 0) Assert.Equal("user-mode-only", child.How); // UFFD_USER_MODE_ONLY: the one way left to an unprivileged process
            var model = TraceSimulator.Run(policy.Name(), 3, ToReferences(trace, writes), seed: 1);
            Assert.True(model.Faults == child.Faults, $"{policy}: child {child.Faults} faults, model {model.Faults}");
            Assert.Equal(model.Evictions, child.Evictions);
            Assert.Equal(model.SwapOuts, child.SwapOuts);
            Assert.Equal(model.SwapIns, child.SwapIns);
            Assert.True(child.Intact, $"{policy}: a page read back something other than its last store");
        }
    }

    [UserfaultfdFact]
    public void AUffdRegionOf100000Frames_IsOneVma_AndEvictsBeyondIt()
    {
        const int frames = 100_000;
        using var pager = new UserPager(new PagerOptions { Pages = frames + 1000, Frames = frames, Policy = PagerPolicy.Fifo, Backend = PagerBackend.Userfaultfd });
        for (long p = 0; p < pager.Pages; p++) MemoryMarshal.Cast<byte, long>(pager.Page(p))[0] = p + 1;
        Assert.Equal(1, MappingsOverlapping(pager.BaseAddress, pager.Length));
        for (long p = 0; p < 2000; p++)
            Assert.True(MemoryMarshal.Cast<byte, long>(pager.Page(p))[0] == p + 1, $"page {p} came back wrong from swap");
        var s = pager.Statistics;
        Assert.Equal(frames, s.ResidentPages);
        Assert.Equal(frames + 1000 + 2000, s.PageFaults);
        Assert.Equal(3000, s.SwapOuts);
        Assert.Equal(1, MappingsOverlapping(pager.BaseAddress, pager.Length));
    }

    [Fact]
    public void SixteenThreads_FramesFarFewerThanPages_LoseNothing_OnEveryBackend()
    {
        foreach (var backend in Backends)
            foreach (var policy in new[] { PagerPolicy.Clock, PagerPolicy.Lru, PagerPolicy.Fifo, PagerPolicy.Random })
            {
                var result = PagerStress.Run(new PagerStressOptions
                {
                    Pages = 512, Frames = 8, Threads = 16, Policy = policy, OperationsPerThread = 1500, Backend = backend,
                });
                string where = $"{backend}, {policy}";
                Assert.Equal(backend, result.Backend!.Backend);
                Assert.True(result.LostPages == 0, $"{where}: {result.LostPages} pages lost");
                Assert.True(result.BadReads == 0, $"{where}: {result.BadReads} bad reads");
                Assert.True(result.Counts.SwapOuts > 0 && result.Counts.SwapIns > 0, $"{where}: the run should swap");
            }
    }

    [UserfaultfdFact]
    public void DisposeOfAUffdRegion_UnmapsIt_ClosesItsUserfaultfd_AndRemovesTheHandler()
    {
        int before = UserfaultfdDescriptors();
        Assert.Equal(0, NativeLib.PagerHandlerInstalled());
        var pager = new UserPager(new PagerOptions { Pages = 16, Frames = 2, Backend = PagerBackend.Userfaultfd });
        for (int p = 0; p < 16; p++) pager.Page(p)[0] = 1;
        Assert.Equal(before + 1, UserfaultfdDescriptors());
        Assert.Equal(1, NativeLib.PagerHandlerInstalled());
        pager.Dispose();
        Assert.Equal(before, UserfaultfdDescriptors());
        Assert.False(ProcMapsCovers(pager.BaseAddress), "the region is still mapped");
        Assert.Equal(0, NativeLib.PagerHandlerInstalled());
    }

    private static (long[] Trace, byte[] Writes) Notes()
    {
        var refs = TraceParser.Parse("0 1w 2 3 0w 1 4 0 1w 2 3w 4 0 2");
        return (refs.Select(r => r.Page).ToArray(), refs.Select(r => r.IsWrite ? (byte)1 : (byte)0).ToArray());
    }

    private static List<PageReference> ToReferences(long[] trace, byte[] writes) =>
        trace.Select((p, i) => new PageReference(p, writes[i] != 0)).ToList();

    private static PagerUffdChildResult InChild(int uid, bool seccomp, PagerPolicy policy, int frames, long[] trace, byte[] writes)
    {
        // /tmp, not TMPDIR: the unprivileged child must be able to create its swap file there.
        string swap = $"/tmp/mmaptk-uffd-child-{Environment.ProcessId}-{Guid.NewGuid():N}.swap";
        var result = PagerUffdChild.Run(uid, seccomp, policy, frames, trace, writes, swap);
        Assert.False(File.Exists(swap), "the child's swap file was left behind");
        return result;
    }

    private static int MappingsOverlapping(nint address, long length)
    {
        ulong start = (ulong)address, end = start + (ulong)length;
        return File.ReadLines("/proc/self/maps").Count(line =>
        {
            var range = line[..line.IndexOf(' ')].Split('-');
            return Convert.ToUInt64(range[0], 16) < end && Convert.ToUInt64(range[1], 16) > start;
        });
    }

    private static bool ProcMapsCovers(nint address) => MappingsOverlapping(address, 1) > 0;

    private static int UserfaultfdDescriptors() => Directory.EnumerateFiles("/proc/self/fd").Count(fd =>
    {
        try { return new FileInfo(fd).LinkTarget?.Contains("userfaultfd", StringComparison.Ordinal) == true; }
        catch (IOException) { return false; } // the directory's own descriptor may be gone already
    });
}

/// <summary>A test of the userfaultfd backend itself: skipped, with the profile's reason, where this kernel or its
/// seccomp filter gives no usable userfaultfd (the sigsegv backend's tests still run there).</summary>
public sealed class UserfaultfdFactAttribute : FactAttribute
{
    public UserfaultfdFactAttribute()
    {
        if (PagerBackends.Choose(null).Backend != PagerBackend.Userfaultfd)
            Skip = "userfaultfd is not usable here: " + PagerBackends.Choose(null).Reason;
    }
}
