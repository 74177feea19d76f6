using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using MmapToolkit.Observers;
using MmapToolkit.Profile;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Profile;

/// <summary>Each probed fact against an observation the probe does not make itself.</summary>
[Collection(KernelCountersCollection.Name)]
public class KernelProfileTests
{
    [Fact]
    public void ZeroPageOnRead_AgreesWithTheFaultsAWriteAfterAReadTakes()
    {
        // Independent of pagemap: with the zero page the write after a read faults again (to copy it); without, it does not.
        PageTouch.WarmUp();
        const int k = 16;
        long writeFaults = PageTouch.Fewest(() =>
        {
            using var m = PageTouch.FreshPages(k);
            PageTouch.Read(m.Span, m.PageSize, 0, k);
            var before = FaultCounters.Thread();
            PageTouch.Write(m.Span, m.PageSize, 0, k, 1);
            return (FaultCounters.Thread() - before).Minor;
        });
        Assert.Equal(KernelProfile.Current.ZeroPageOnRead ? k : 0, writeFaults);
    }

    [Fact]
    public void FaultAroundPages_AgreesWithTheFaultsASequentialReadTakes()
    {
        // Reading every page of one cached, table-aligned stretch takes one fault per fault-around window.
        PageTouch.WarmUp();
        int pageSize = Environment.SystemPageSize, table = pageSize / 8;
        int fd = Libc.MemfdCreate("fault-around-test", MmanConstants.MFD_CLOEXEC);
        Assert.True(fd >= 0);
        using var file = new SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.SetLength(file, 2L * table * pageSize);
        using (var fill = new MappingOptions().Length(2L * table * pageSize).Shared().MapFile(file))
        {
            fill.Advise(Advice.NoHugePage);
            PageTouch.Write(fill.Span, pageSize, 0, 2 * table, 1);
        }
        long faults = PageTouch.Fewest(() =>
        {
            using var m = new MappingOptions().Length(2L * table * pageSize).Protection(Protection.Read).MapFile(file);
            m.Advise(Advice.NoHugePage);
            long tableBytes = (long)table * pageSize;
            int first = (int)(((m.Address + tableBytes - 1) / tableBytes * tableBytes - m.Address) / pageSize);
            var before = FaultCounters.Thread();
            PageTouch.Read(m.Span, pageSize, first, table);
            return (FaultCounters.Thread() - before).Minor;
        });
        Assert.Equal(table / KernelProfile.Current.FaultAroundPages, faults);
    }

    [Fact]
    public void KernelRelease_IsWhatUnameRPrints()
    {
        using var uname = Process.Start(new ProcessStartInfo("uname", "-r") { RedirectStandardOutput = true })!;
        string printed = uname.StandardOutput.ReadToEnd().Trim();
        uname.WaitForExit();
        Assert.Equal(printed, KernelProfile.Current.KernelRelease);
    }

    [Fact]
    public void TheRestComesFromTheirOwnSources()
    {
        var p = KernelProfile.Current;
        Assert.Equal(Environment.SystemPageSize, p.PageSize);
        Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim()), p.MaxMapCount);
        if (p.LibcPath is null)
            Assert.DoesNotContain(File.ReadLines("/proc/self/maps"), line => line.Contains("/libc.so", StringComparison.Ordinal));
        else
            Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.EndsWith(p.LibcPath, StringComparison.Ordinal));
        Assert.Equal(PhysicalPages.IsAvailable, p.KpagecountReadable);
        Assert.True(p.SwapTotalKb >= 0);
        Assert.Contains(p.ThpEnabled, new[] { "always", "madvise", "never", "unavailable" });
    }

    [Fact]
    public void ProbingAgainGivesTheSameFacts()
    {
        _ = KernelProfile.Current;
        var again = KernelProfile.Probe();
        Assert.Equal(KernelProfile.Current with { Mthp = again.Mthp, Userfaultfd = again.Userfaultfd }, again);
    }

    [Theory]
    [InlineData("always [madvise] never", "madvise")]
    [InlineData("[always] inherit madvise never", "always")]
    [InlineData("always inherit madvise [never]", "never")]
    [InlineData("no brackets", null)]
    public void TheSelectedSysfsChoiceIsTheBracketedOne(string line, string? expected) =>
        Assert.Equal(expected, TransparentHugePages.Selected(line));

    [Fact]
    public void LargePagesAreUsableWhenTheGlobalModeOrASizeAllowsThem()
    {
        var never = new Dictionary<string, string> { ["64kB"] = "never", ["2048kB"] = "inherit" };
        Assert.False(TransparentHugePages.AnyEnabled("never", never));
        Assert.True(TransparentHugePages.AnyEnabled("madvise", never));
        Assert.True(TransparentHugePages.AnyEnabled("never", new Dictionary<string, string> { ["64kB"] = "always" }));
    }

    [Fact]
    public void Userfaultfd_WhereTheProbeSaysAvailable_ADescriptorReallyOpens()
    {
        var u = KernelProfile.Current.Userfaultfd;
        int rc = NativeLib.ProbeUserfaultfd(out var again);
        Assert.Equal(0, rc);
        Assert.Equal(u.Available, again.How != 0);
        if (u.Available)
        {
            Assert.Contains(u.How, new[] { "syscall", "user-mode-only", "/dev/userfaultfd" });
            Assert.Null(u.Reason);
            Assert.NotEmpty(u.Features);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(u.Reason));
        }
    }

    [Fact]
    public void Userfaultfd_UnderASeccompFilterThatBlocksIt_IsUnavailableWithThatReason()
    {
        int rc = NativeLib.ProbeUserfaultfdUnderSeccomp(out var r);
        Assert.True(rc == 0, $"the seccomp child failed: {((Errno)(-rc)).Name()}");
        Assert.Equal(0, r.How);
        Assert.Equal((int)Errno.EPERM, r.ErrnoSyscall);
        Assert.Equal((int)Errno.EPERM, r.ErrnoUserModeOnly);
        var support = UserfaultfdSupport.FromNative(r, seccompMode: 2, unprivilegedSysctl: 0);
        Assert.False(support.Available);
        Assert.Contains("seccomp", support.Reason);
    }

    [Fact]
    public void Userfaultfd_RefusedForLackOfPrivilege_NamesTheSysctl()
    {
        var r = new NativeLib.UserfaultfdProbeNative { ErrnoSyscall = (int)Errno.EPERM, ErrnoUserModeOnly = (int)Errno.EINVAL, ErrnoDevice = (int)Errno.EACCES };
        var support = UserfaultfdSupport.FromNative(r, seccompMode: 0, unprivilegedSysctl: 0);
        Assert.False(support.Available);
        Assert.Contains("vm.unprivileged_userfaultfd", support.Reason);
    }

    [Fact]
    public void FeatureNamesFollowTheHeaderBitOrder()
    {
        var r = new NativeLib.UserfaultfdProbeNative { How = 1, Features = (1UL << 7) | (1UL << 10) };
        Assert.Equal(["SIGBUS", "MINOR_SHMEM"], UserfaultfdSupport.FromNative(r, 0, 0).Features);
    }
}
