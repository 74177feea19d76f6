using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Model.Kernel;
using MmapToolkit.Model.Replacement;
using static MmapToolkit.Demos.Kernels.CounterNames;
using ModelProcess = MmapToolkit.Model.Kernel.Process;

namespace MmapToolkit.Demos.Kernels;

/// <summary>
/// The model's side of a scenario: one <see cref="Machine"/>, one model process per scenario process, files in its
/// in-memory file system with the same bytes the real side writes to disk, and the trace simulator for replays.
/// Every step's faults come from the processes' counters; the machine's event log becomes the step's events.
/// Runs anywhere: nothing here calls the operating system.
/// </summary>
internal sealed partial class ModelScenarioKernel : ScenarioKernel<ModelProcess, ModelRegion>
{
    /// <summary>Enough frames that no demo but the replays ever evicts: the replays size their own memory.</summary>
    private const int Frames = 4096;

#if DEBUG
    private const bool DebugBuild = true;
#else
    private const bool DebugBuild = false;
#endif

    private readonly Machine _machine;
    private readonly int _pageSize;
    private readonly bool _checkInvariants;
    private readonly Dictionary<string, FileStep> _files = [];
    private readonly Dictionary<(string Process, string File), List<int>> _openForWriting = [];
    private readonly Dictionary<string, (long Start, long Blocks, int Bytes)> _heaps = [];
    private int _eventsSeen;

    /// <param name="useZeroPage">Map the shared zero page on reads of never-touched anonymous pages (a demo follows the
    /// kernel it is compared with: <see cref="KernelFacts.ZeroPageOnRead"/>).</param>
    /// <param name="checkInvariants">Check the model's bookkeeping (<see cref="Machine.CheckInvariants"/>) after every
    /// step; a broken invariant throws. On by default in debug builds, which also check after every call a step makes
    /// (<see cref="MachineOptions.CheckInvariants"/>); the tests turn it on in every build.</param>
    public ModelScenarioKernel(Scenario scenario, int? pageSize = null, bool useZeroPage = true, bool checkInvariants = DebugBuild)
        : base(scenario)
    {
        _pageSize = pageSize ?? Environment.SystemPageSize;
        _checkInvariants = checkInvariants;
        _machine = new Machine(new MachineOptions
        {
            Frames = Frames, PageSize = _pageSize, UseZeroPage = useZeroPage, RecordEvents = true,
            CheckInvariants = DebugBuild,
        });
    }

    public override string Side => "model";

    public Machine Machine => _machine;

    /// <summary>What "check the invariants" does after every step (tests count the calls with their own).</summary>
    internal Action<Machine> InvariantCheck { get; init; } = machine => machine.CheckInvariants();

    protected override IEnumerable<string> DrainEvents()
    {
        for (; _eventsSeen < _machine.Events.Count; _eventsSeen++) yield return _machine.Events[_eventsSeen].ToString();
    }

    protected override void AfterStep()
    {
        if (_checkInvariants) InvariantCheck(_machine);
    }

    public override void StartProcess(ProcessStep s, StepObservation o) => Processes.Add(s.Name, _machine.CreateProcess(s.Name));

    public override void CreateFile(FileStep s, StepObservation o)
    {
        var bytes = new byte[(long)s.Pages * _pageSize];
        for (int p = 0; p < s.Pages; p++) bytes.AsSpan(p * _pageSize, _pageSize).Fill(s.ByteAt(p));
        switch (s.Kind)
        {
            case FileKind.Program: _machine.Files.CreateProgram(s.File, bytes, [], bssPages: 0); break;
            case FileKind.Memory: _machine.Files.CreateMemoryFile(s.File, bytes); break;
            default: _machine.Files.CreateFile(s.File, bytes); break;
        }
        _files[s.File] = s;
    }

    public override void Map(MapStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var flags = (s.Shared ? MapFlags.Shared : MapFlags.Private) | (s.Populate ? MapFlags.Populate : MapFlags.None);
        long length = (long)s.Pages * _pageSize;
        var before = p.Counters.Snapshot();
        int from = _machine.Events.Count;
        long address;
        if (s.File is null)
        {
            address = p.Mmap(0, length, Vocabulary.ToModel(s.Protection), flags | MapFlags.Anonymous);
        }
        else
        {
            int fd = p.Open(s.File, Vocabulary.ToModel(Vocabulary.MapAccess(s.Shared, s.Protection)));
            try
            {
                address = p.Mmap(0, length, Vocabulary.ToModel(s.Protection), flags, fd, (long)s.FileOffsetPages * _pageSize);
            }
            finally
            {
                p.Close(fd);
            }
        }
        Regions.Add((s.Proc, s.Region), new ModelRegion(address, s.Pages, s.File));
        o.Set(Faults, p.Counters.Faults - before.Faults);
        // MAP_POPULATE goes through the fault handler page by page, but none of it is a fault the process took.
        if (s.Populate) o.SetFaultLog(FaultLogSince(from, p, s.Region, address, s.Pages, prePaged: true));
        o.Set(Resident, p.PresentPages(address, s.Pages));
        o.Set(Error, None);
    }

    public override void Touch(TouchStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var (address, pages, file) = Region(s.Proc, s.Region);
        var before = p.Counters.Snapshot();
        int from = _machine.Events.Count;
        long sum = 0;
        string error = None;
        Span<byte> one = stackalloc byte[1];
        foreach (int page in s.Pages.Resolve(pages))
        {
            long at = address + (long)page * _pageSize;
            AccessResult r;
            if (s.Write)
            {
                one[0] = s.Value;
                r = p.Write(at, one);
            }
            else
            {
                r = p.Read(at, one);
                sum += one[0];
            }
            if (!r.Succeeded)
            {
                error = r.Resolution == FaultResolution.BusError ? "SIGBUS" : "SIGSEGV";
                break;
            }
        }
        o.Set(Faults, p.Counters.Faults - before.Faults);
        o.Set(Major, p.Counters.MajorFaults - before.MajorFaults);
        o.SetFaultLog(FaultLogSince(from, p, s.Region, address, pages));
        if (!s.Write && (file is null || _files[file].BytesComparable)) o.Set(ReadSum, sum);
        o.Set(Error, error);
    }

    public override void Protect(ProtectStep s, StepObservation o)
    {
        ForEachRun(s.Proc, s.Region, s.Pages, (p, a, l) => p.Mprotect(a, l, Vocabulary.ToModel(s.Protection)));
        o.Set(Error, None);
    }

    public override void Advise(AdviseStep s, StepObservation o)
    {
        var advice = Vocabulary.ToModel(s.Advice);
        var (address, pages, _) = Region(s.Proc, s.Region);
        if (advice is null)
        {
            o.Set(Error, CounterValue.NotAvailable($"the model does not model MADV_{s.Advice.ToString().ToUpperInvariant()}"));
        }
        else
        {
            int from = _machine.Events.Count;
            ForEachRun(s.Proc, s.Region, s.Pages, (p, a, l) => p.Madvise(a, l, advice.Value));
            if (PrePaging.Of(s) is not null) o.SetFaultLog(FaultLogSince(from, Processes[s.Proc], s.Region, address, pages, prePaged: true));
            o.Set(Error, None);
        }
        o.Set(Resident, Processes[s.Proc].PresentPages(address, pages));
    }

    public override void Sync(SyncStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var (address, pages, file) = Region(s.Proc, s.Region);
        p.Msync(address, (long)pages * _pageSize, s.Synchronous ? SyncMode.Sync : SyncMode.Async);
        o.Set(Error, None);
        if (file is not null && _files[file].BytesComparable) o.Set(FileSum, SumOfFile(file));
    }

    public override void Unmap(UnmapStep s, StepObservation o)
    {
        var (address, pages, file) = Region(s.Proc, s.Region);
        Processes[s.Proc].Munmap(address, (long)pages * _pageSize);
        o.Set(Error, None);
        if (file is not null && _files[file].BytesComparable) o.Set(FileSum, SumOfFile(file));
    }

    public override void Observe(ObserveStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var (address, pages, file) = Region(s.Proc, s.Region);
        o.Set(Resident, p.PresentPages(address, pages));
        o.Set(CounterNames.Shared, p.SharedPages(address, pages));
        if (file is not null && _files[file].BytesComparable && p.Describe(address).Region is { Shared: true })
        {
            long dirty = 0;
            for (int page = 0; page < pages; page++)
                if (p.Describe(address + (long)page * _pageSize) is { Valid: true, Dirty: true }) dirty++;
            o.Set(Dirty, dirty);
            o.Set(FileSum, SumOfFile(file));
        }
        if (s.Pages is not null)
            o.Set(ShareCount, ShareCounts(s.Pages.Resolve(pages).Select(page => (page, (long)p.ShareCount(address + (long)page * _pageSize)))));
    }

    public override void Fork(ForkStep s, StepObservation o)
    {
        Processes.Add(s.Child, Processes[s.Parent].Fork(Vocabulary.ToModel(s.Strategy)));
        CopyRegions(s.Parent, s.Child, region => region);
    }

    public override void Exec(ExecStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        p.Exec(s.Program);
        ForgetRegions(s.Proc);
        var text = p.Space.Regions.First(r => r.Kind == RegionKind.Text);
        long address = text.StartPage * _pageSize;
        Regions.Add((s.Proc, s.Program), new ModelRegion(address, (int)text.Pages, s.Program));
        int from = _machine.Events.Count;
        if (s.Run is not null)
            foreach (int page in s.Run.Resolve((int)text.Pages))
                p.Touch(address + (long)page * _pageSize, AccessKind.Execute);
        o.SetFaultLog(FaultLogSince(from, p, s.Program, address, (int)text.Pages));
        o.Set(Error, None);
    }

    public override void OpenWrite(OpenWriteStep s, StepObservation o)
    {
        int opened = Processes[s.Proc].Open(s.File, Vocabulary.ToModel(Vocabulary.OpenWriteAccess));
        (_openForWriting.TryGetValue((s.Proc, s.File), out var list) ? list : _openForWriting[(s.Proc, s.File)] = []).Add(opened);
        o.Set(Error, None);
    }

    public override void Close(CloseStep s, StepObservation o)
    {
        if (_openForWriting.Remove((s.Proc, s.File), out var fds))
            foreach (int fd in fds) Processes[s.Proc].Close(fd);
        o.Set(Error, None);
    }

    public override void Exit(ExitStep s, StepObservation o)
    {
        Processes[s.Proc].Exit();
        Processes.Remove(s.Proc, out _);
        ForgetRegions(s.Proc);
        o.Set(Error, None);
    }

    public override void Replay(ReplayStep s, StepObservation o)
    {
        var r = TraceSimulator.Run(s.Policy, s.Frames, s.Trace);
        o.Set(Faults, r.Faults);
        o.Set(Evictions, r.Evictions);
        o.Set(SwapOuts, r.SwapOuts);
        o.Set(SwapIns, r.SwapIns);
        o.Set(ReferenceFaults, CounterValue.NotAvailable("hardware sets reference bits for free; only a user-level pager pays faults to emulate them"));
        if (Scenario.WorkingSet is { } view) o.SetWindowFaults(ReplayWindows.ModelFaults(s.Policy, s.Frames, s.Trace, view.Window));
        o.Set(Error, None);
    }

    /// <summary>The model's C heap: a bump allocator on brk, exactly the blocks asked for, one byte written in each.</summary>
    public override void Malloc(MallocStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        long start = p.Break, bytes = (long)s.Count * s.Bytes;
        long before = HeapPresent(p);
        p.Brk(start + bytes);
        for (long i = 0; i < s.Count; i++) p.Write(start + i * s.Bytes, [1]);
        _heaps[s.Proc] = (start, s.Count, s.Bytes);
        o.Set(HeapResident, CounterValue.Of(HeapPresent(p) - before));
        o.Set(Error, None);
    }

    /// <summary>free() can give memory back only from the top of the heap: with the last block in use, nothing moves.</summary>
    public override void Free(FreeStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        long before = HeapPresent(p);
        if (s.Mode == FreeMode.All && _heaps.Remove(s.Proc, out var heap)) p.Brk(heap.Start);
        o.Set(HeapResident, CounterValue.Of(HeapPresent(p) - before));
        o.Set(Error, None);
    }

    private long HeapPresent(ModelProcess p) =>
        p.Space.Regions.Where(r => r.Kind == RegionKind.Heap).Sum(r => (long)p.PresentPages(r.StartPage * _pageSize, r.Pages));

    public override void Remap(RemapStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var (address, _, _) = Region(s.Proc, s.Region);
        int fd = p.Open(s.File, Vocabulary.ToModel(Vocabulary.RemapAccess));
        try
        {
            p.Mmap(address + (long)s.Page * _pageSize, _pageSize, Protection.ReadWrite, MapFlags.Shared | MapFlags.Fixed, fd,
                   (long)s.Frame * _pageSize);
        }
        finally
        {
            p.Close(fd);
        }
        o.Set(Error, None);
    }

    public override void ToUpper(ToUpperStep s, StepObservation o)
    {
        var p = Processes[s.Proc];
        var (address, pages, _) = Region(s.Proc, s.Region);
        var before = p.Counters.Snapshot();
        int from = _machine.Events.Count;
        var page = new byte[_pageSize];
        for (int i = 0; i < pages; i++)
        {
            long at = address + (long)i * _pageSize;
            p.Read(at, page);
            for (int b = 0; b < page.Length; b++)
                if (page[b] is >= (byte)'a' and <= (byte)'z') page[b] -= 32;
            p.Write(at, page);
        }
        o.Set(Faults, p.Counters.Faults - before.Faults);
        o.Set(Major, p.Counters.MajorFaults - before.MajorFaults);
        o.SetFaultLog(FaultLogSince(from, p, s.Region, address, pages));
        o.Set(Error, None);
    }

    /// <summary>The faults process <paramref name="p"/> took on the region since event <paramref name="from"/>, from the
    /// machine's event log (a SIGSEGV is not a fault resolved, as perf does not sample one either).
    /// <paramref name="prePaged"/>: they were the kernel's own pre-paging, not faults of the process.</summary>
    private StepFaultLog FaultLogSince(int from, ModelProcess p, string region, long address, int pages, bool prePaged = false)
    {
        var faults = new List<StepFault>();
        long end = address + (long)pages * _pageSize;
        for (int i = from; i < _machine.Events.Count; i++)
        {
            var e = _machine.Events[i];
            if (e.Kind == "fault" && e.Pid == p.Pid && e.Address >= address && e.Address < end)
                faults.Add(new StepFault((int)((e.Address - address) / _pageSize), e.ToString(), prePaged));
        }
        return new StepFaultLog(region, faults);
    }

    private long SumOfFile(string file)
    {
        long sum = 0;
        foreach (byte b in _machine.Files.ReadThroughCache(file)) sum += b;
        return sum;
    }

    private void ForEachRun(string process, string region, PageSet pageSet, Action<ModelProcess, long, long> action)
    {
        var p = Processes[process];
        var (address, pages, _) = Region(process, region);
        foreach (var (first, count) in PageSet.Runs(pageSet.Resolve(pages)))
            action(p, address + (long)first * _pageSize, (long)count * _pageSize);
    }

    public override void Dispose() { }
}
