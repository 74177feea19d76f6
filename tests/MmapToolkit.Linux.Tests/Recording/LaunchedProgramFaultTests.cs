using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Recording;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Recording;

/// <summary>
/// faultprog (native/src/programs/faultprog.c) run under the recorder: its faults are known in advance, at an address
/// the test chooses. Each test asserts what is knowable on this machine: with the tracepoint, the access and the cause;
/// without it, that the access of a fault in a writable mapping is unknown (null), never guessed.
/// </summary>
public class LaunchedProgramFaultTests
{
    private const ulong Address = 0x2000_0000_0000;
    private static readonly int PageSize = MemoryMapping.SystemPageSize;
    private static ulong FirstPage => Address / (ulong)PageSize;

    private static ProgramRun Run(params string[] args)
    {
        using var launched = FaultRecorder.Launch(RecorderAvailability.FaultProgram, args);
        var run = launched.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(run.Exit.ExitCode == 0, $"faultprog {string.Join(' ', args)}: {run.Exit}");
        Assert.Equal(0, run.Recording.Lost);
        return run;
    }

    [PerfFact]
    public void WritingNFreshPagesYieldsExactlyThosePagesOnceEachInOrder()
    {
        const int n = 64;
        var run = Run("write", n.ToString(), $"0x{Address:x}");
        var inRegion = run.Recording.Faults.Where(f => f.Page >= FirstPage && f.Page < FirstPage + n).ToList();

        Assert.Equal(Enumerable.Range(0, n).Select(i => FirstPage + (ulong)i), inRegion.Select(f => f.Page));
        Assert.All(inRegion, f =>
        {
            Assert.False(f.Major);
            Assert.False(f.InKernel);
            Assert.Equal(FaultMappingKind.Anonymous, f.Mapping?.Kind);
            Assert.Equal(run.Recording.Faults[0].Pid, f.Pid);
        });
        if (run.Recording.CausesKnown)
            Assert.All(inRegion, f => { Assert.True(f.Write); Assert.Equal(FaultCause.NotPresent, f.Cause); Assert.False(f.Exec); });
        else
            Assert.All(inRegion, f => { Assert.Null(f.Write); Assert.Equal(FaultCause.Unknown, f.Cause); });
    }

    [PerfFact]
    public void TheRecordedTotalsAreGetrusagesLessWhatPerfCannotSample()
    {
        var run = Run("write", "16", $"0x{Address:x}");
        var rusage = run.FromExec;
        // perf samples a fault where the kernel counts it (mm_account_fault), except faults resolved for the process
        // without a fault of its own (get_user_pages: execve copying the arguments and environment).
        Assert.InRange(run.Recording.MinorFaults, 16, rusage.Minor);
        Assert.InRange(run.Recording.MajorFaults, 0, rusage.Major);
        if (run.Recording.KernelModeIncluded)
        {
            long environmentPages = (Environment.GetEnvironmentVariables().Count * 64L + string.Concat(
                Environment.GetEnvironmentVariables().Values.Cast<object>()).Length) / PageSize + 4;
            Assert.InRange(rusage.Total - run.Recording.Faults.Count, 0, environmentPages);
        }
    }

    [PerfFact]
    public void ReadingASharedFilePageThenStoringToItFaultsTwice()
    {
        using var dir = new TempDirectory();
        string file = dir.File("shared.dat", new byte[PageSize]);
        // Whether the second fault happens is the file system's choice (dirty tracking, page_mkwrite): probe it
        // with getrusage in this thread, on a mapping of the same file.
        bool dirtyTracking = StoreAfterLoadFaults(file);

        var run = Run("shared-file", file, $"0x{Address:x}");
        var onPage = run.Recording.Faults.Where(f => f.Page == FirstPage).ToList();

        Assert.Equal(dirtyTracking ? 2 : 1, onPage.Count);
        Assert.All(onPage, f =>
        {
            Assert.Equal(file, f.Mapping?.Name);
            Assert.True(f.Mapping!.Shared);
            Assert.Equal(0UL, f.FileOffset);
        });
        if (run.Recording.CausesKnown)
        {
            Assert.Equal(FaultCause.NotPresent, onPage[0].Cause);
            Assert.Equal(!dirtyTracking, onPage[0].Write);
            if (dirtyTracking)
            {
                Assert.True(onPage[1].Write);
                Assert.Equal(FaultCause.WriteProtect, onPage[1].Cause);
            }
        }
        else
        {
            Assert.All(onPage, f => Assert.Null(f.Write));   // a shared writable mapping: the access is not knowable
        }
    }

    [TracepointFact]
    public void AChildsStoreAfterForkIsACopyOnWriteFault()
    {
        var run = Run("fork-cow", $"0x{Address:x}");
        var onPage = run.Recording.Faults.Where(f => f.Page == FirstPage).ToList();
        int parent = onPage[0].Pid;

        Assert.Equal(2, onPage.Count);
        Assert.Equal(FaultCause.NotPresent, onPage[0].Cause);
        Assert.True(onPage[0].Write);
        Assert.NotEqual(parent, onPage[1].Pid);          // recorded in the child: the events are inherited
        Assert.True(onPage[1].Write);
        Assert.Equal(FaultCause.CopyOnWrite, onPage[1].Cause);
    }

    [TracepointFact]
    public void WhatIsInferredWithoutTheErrorCodeNeverContradictsIt()
    {
        // ls: the dynamic linker maps, writes and then write-protects (RELRO) library pages, the hard case for an
        // inference from permissions. faultprog: anonymous, shared-file and forked faults.
        using var dir = new TempDirectory();
        string file = dir.File("shared.dat", new byte[PageSize]);
        var runs = new List<FaultRecording>();
        foreach (var (program, args) in new (string, string[])[]
                 {
                     ("ls", ["-l", "/"]), (RecorderAvailability.FaultProgram, ["write", "8", $"0x{Address:x}"]),
                     (RecorderAvailability.FaultProgram, ["shared-file", file, $"0x{Address:x}"]),
                     (RecorderAvailability.FaultProgram, ["fork-cow", $"0x{Address:x}"]),
                 })
        {
            using var launched = FaultRecorder.Launch(program, args);
            runs.Add(launched.WaitForExit(TimeSpan.FromSeconds(60)).Recording);
        }
        var faults = runs.SelectMany(r => r.Faults).Where(f => f.Cause != FaultCause.Unknown).ToList();

        Assert.True(faults.Count > 100, $"only {faults.Count} faults with their error code");
        Assert.All(faults, f =>
        {
            if (f.WriteWithoutErrorCode is { } w) Assert.True(w == f.Write, $"write inferred {w}, error code says {f.Write}: {f}");
            if (f.ExecWithoutErrorCode is { } x) Assert.True(x == f.Exec, $"exec inferred {x}, error code says {f.Exec}: {f}");
        });
        // And the inference is not empty: it knows something about most faults.
        Assert.True(faults.Count(f => f.ExecWithoutErrorCode is not null) > faults.Count / 2);
    }

    [PerfFact]
    public void AChildsFaultsAreRecordedWithoutTheTracepointToo()
    {
        var run = Run("fork-cow", $"0x{Address:x}");
        var onPage = run.Recording.Faults.Where(f => f.Page == FirstPage).ToList();

        Assert.Equal(2, onPage.Count);
        Assert.NotEqual(onPage[0].Pid, onPage[1].Pid);
        Assert.Equal(run.Recording.CausesKnown ? FaultCause.CopyOnWrite : FaultCause.Unknown, onPage[1].Cause);
    }

    [PerfFact]
    public void TheProgramInheritsNoDescriptorButTheStandardThree()
    {
        using var launched = FaultRecorder.Launch(RecorderAvailability.FaultProgram, ["extra-fds"]);
        var run = launched.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(0, run.Exit.ExitCode);   // faultprog exits with the count of descriptors above 2
    }

    private static bool StoreAfterLoadFaults(string file)
    {
        using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        using var map = new MappingOptions().Length(PageSize).Shared().MapFile(fs.SafeFileHandle);
        map.Advise(Advice.Random);
        LocalTouch.Touch([map.Address], write: false);           // the C touch loop counts its own faults exactly
        return LocalTouch.Touch([map.Address], write: true).MinorFaults == 1;
    }
}
