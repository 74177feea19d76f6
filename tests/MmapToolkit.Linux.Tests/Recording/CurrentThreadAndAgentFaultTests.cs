using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Recording;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Recording;

/// <summary>
/// The recorder around one piece of work, as a demo step uses it: the calling thread (Start, work, Stop, and again),
/// and a child agent's pid. The touches are made by the toolkit's C touch loop, which counts its own faults with
/// getrusage: the recorded faults must be exactly those. And records the kernel drops are counted, never silent.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class CurrentThreadAndAgentFaultTests
{
    private static readonly int PageSize = MemoryMapping.SystemPageSize;

    private static MemoryMapping FreshPages(int n)
    {
        var region = new MappingOptions().Length((long)n * PageSize).MapAnonymous();
        region.Advise(Advice.NoHugePage);
        return region;
    }

    private static nint[] Addresses(MemoryMapping region, int n) => [.. Enumerable.Range(0, n).Select(i => region.Address + i * PageSize)];

    private static List<RecordedFault> In(FaultRecording recording, MemoryMapping region)
        => [.. recording.Faults.Where(f => f.Address >= (ulong)region.Address && f.Address < (ulong)region.Address + (ulong)region.Length)];

    [PerfFact]
    public void TheCallingThreadsFaultsInOneWindowAreExactlyItsTouches()
    {
        const int n = 40;
        using var region = FreshPages(n);
        using var recorder = FaultRecorder.ForCurrentThread();

        recorder.Start();
        var touch = LocalTouch.Touch(Addresses(region, n), write: true);
        var first = recorder.Stop();
        recorder.Start();
        var again = LocalTouch.Touch(Addresses(region, n), write: true);   // resident now: no fault
        var second = recorder.Stop();

        var faults = In(first, region);
        Assert.Equal(n, touch.MinorFaults);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)(region.Address + i * PageSize)), faults.Select(f => f.Address));
        int tid = int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!));
        Assert.All(faults, f => Assert.Equal(tid, f.Tid));
        Assert.All(faults, f => Assert.Equal(FaultMappingKind.Anonymous, f.Mapping?.Kind));
        Assert.Equal(0, again.MinorFaults);
        Assert.Empty(In(second, region));
        Assert.Equal(0, first.Lost);
    }

    [PerfFact]
    public void AChildAgentsFaultsAreRecordedByItsPid()
    {
        const int n = 24;
        using var region = FreshPages(n);
        using var agent = ChildAgent.Spawn();
        using var recorder = FaultRecorder.ForProcess(agent.Pid);

        recorder.Start();
        var touch = agent.Touch(Addresses(region, n), write: true);
        var recording = recorder.Stop();

        var faults = In(recording, region);
        Assert.Equal(n, touch.MinorFaults);
        Assert.Equal(n, faults.Count);
        Assert.Equal(n, faults.Select(f => f.Page).Distinct().Count());
        Assert.All(faults, f => Assert.Equal(agent.Pid, f.Pid));
        if (recording.CausesKnown) Assert.All(faults, f => Assert.Equal(FaultCause.NotPresent, f.Cause));
    }

    [PerfFact]
    public void RecordsTheKernelDropsAreCountedNeverSilent()
    {
        const int n = 2000;   // far more than one page of ring buffer holds (48 bytes a record)
        using var region = FreshPages(n);
        using var recorder = FaultRecorder.ForCurrentThread(new FaultRecorderOptions { BufferPages = 1, DrainWhileRecording = false });

        recorder.Start();
        var touch = LocalTouch.Touch(Addresses(region, n), write: true);
        var recording = recorder.Stop();

        int recorded = In(recording, region).Count;
        Assert.Equal(n, touch.MinorFaults);
        Assert.False(recording.Complete);
        Assert.InRange(recorded, 1, n - 1);
        // Every fault is either recorded or counted as lost (the window may hold a few faults of the runtime's own too).
        Assert.True(recording.Faults.Count + recording.Lost >= n, $"{recording.Faults.Count} recorded + {recording.Lost} lost < {n} faults");
    }

    [Fact]
    public void ARefusalNamesTheSysctlItsLevelAndWhatStillWorks()
    {
        string strict = PerfFaultEvents.RefusalReason(3);
        Assert.Contains("kernel.perf_event_paranoid is 3", strict);
        Assert.Contains("2 or lower", strict);
        Assert.Contains("getrusage", strict);
        string otherUser = PerfFaultEvents.RefusalReason(2);
        Assert.Contains("another user's process", otherUser);
    }
}
