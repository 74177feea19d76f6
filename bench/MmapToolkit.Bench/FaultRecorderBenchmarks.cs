using BenchmarkDotNet.Attributes;
using MmapToolkit.Agents;
using MmapToolkit.Mapping;
using MmapToolkit.Observers;
using MmapToolkit.Recording;

namespace MmapToolkit.Bench;

/// <summary>
/// What recording costs: the kernel's demand-zero fault (the C touch loop writing fresh pages), plain and under a
/// <see cref="FaultRecorder"/> on the calling thread (sampled on every fault, drained by a thread), with the default
/// ring buffer (64 pages) and a small one (4 pages). One operation = one fault. Besides BenchmarkDotNet's wall-clock
/// table, each run prints at the end what a loaded machine disturbs less: the faulting thread's own CPU time per
/// fault (getrusage RUSAGE_THREAD), the faults per second the touch loop reached, and how many records were lost
/// (a rate counts as loss-free only with none). <c>./build.sh bench --filter '*FaultRecorder*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class FaultRecorderBenchmarks
{
    private const int Pages = 8192;
    private MemoryMapping? _region;
    private nint[] _addresses = [];
    private FaultRecorder? _recorder;
    private string _name = "plain";
    private long _faults, _recorded, _lost, _wallNs;
    private TimeSpan _cpu;

    [GlobalSetup(Target = nameof(Recorded))]
    public void SetupRecorded() => (_recorder, _name) = (FaultRecorder.ForCurrentThread(), "recorded, 64-page buffer");

    [GlobalSetup(Target = nameof(RecordedSmallBuffer))]
    public void SetupSmall() => (_recorder, _name) = (FaultRecorder.ForCurrentThread(new FaultRecorderOptions { BufferPages = 4 }), "recorded, 4-page buffer");

    [IterationSetup]
    public void FreshPages()
    {
        _region = new MappingOptions().Length((long)Pages * MemoryMapping.SystemPageSize).MapAnonymous();
        _region.Advise(Advice.NoHugePage);
        _addresses = [.. Enumerable.Range(0, Pages).Select(i => _region.Address + i * MemoryMapping.SystemPageSize)];
        _recorder?.Start();
    }

    [IterationCleanup]
    public void Unmap()
    {
        if (_recorder is { Recording: true })
        {
            var r = _recorder.Stop();
            _recorded += r.Faults.Count;
            _lost += r.Lost;
        }
        _region?.Dispose();
    }

    [GlobalCleanup]
    public void Report()
    {
        if (_faults == 0) return;
        Console.WriteLine($"// FaultRecorder figures, {_name}: {_faults:N0} faults; thread CPU {_cpu.TotalNanoseconds / _faults:0} ns per fault; "
                        + $"{_faults / (_wallNs / 1e9):N0} faults/s in the touch loop"
                        + (_recorder is null ? "" : $"; {_recorded:N0} recorded, {_lost:N0} lost{(_lost == 0 ? " (loss-free)" : "")}")
                        + $"; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        _recorder?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pages)]
    public long DemandZeroFault() => Touch();

    [Benchmark(OperationsPerInvoke = Pages)]
    public long Recorded() => Touch();

    [Benchmark(OperationsPerInvoke = Pages)]
    public long RecordedSmallBuffer() => Touch();

    private long Touch()
    {
        var before = FaultCounters.Thread();
        var touch = LocalTouch.Touch(_addresses, write: true);
        var used = FaultCounters.Thread() - before;
        _cpu += used.UserTime + used.SystemTime;
        _wallNs += touch.ElapsedNanoseconds;
        _faults += touch.MinorFaults;
        return touch.MinorFaults;
    }
}
