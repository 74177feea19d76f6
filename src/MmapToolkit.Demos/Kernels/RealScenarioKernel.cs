using System.Diagnostics;
using MmapToolkit.Agents;
using MmapToolkit.Demos.Kernels.Real;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Files;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Observers;
using MmapToolkit.Pager;
using static MmapToolkit.Demos.Kernels.CounterNames;

namespace MmapToolkit.Demos.Kernels;

/// <summary>
/// The real Linux side of a scenario: the first process is this one (touches through native code on this thread,
/// faults from getrusage(RUSAGE_THREAD)); forked processes are native child agents; files are real files on disk
/// (memory files are memfds); replays run on the user-level pager. Disposing kills every child, unmaps every
/// mapping and deletes every file the run made.
/// </summary>
public sealed class RealScenarioKernel : IScenarioKernel
{
    private readonly int _pageSize = MemoryMapping.SystemPageSize;
    private readonly ScenarioFiles _files = new();
    private readonly Dictionary<string, RealProcess> _processes = [];
    private readonly Dictionary<(string Process, string Region), MemoryMapping> _mainMappings = [];
    private readonly CHeap _heap = new();
    // Regions whose mmap failed here (ENOMEM, EPERM...), with why: later steps on them report that instead of running.
    private readonly Dictionary<(string Process, string Region), string> _failedMaps = [];

    public RealScenarioKernel(Scenario scenario) => Scenario = scenario;

    public Scenario Scenario { get; }

    public string Side => "kernel";

    public StepObservation Execute(Step step)
    {
        var o = new StepObservation();
        if (OnFailedMap(step) is { } why)
        {
            o.Set(Error, CounterValue.NotAvailable(why));
            return o;
        }
        switch (step)
        {
            case ProcessStep s: _processes[s.Name] = new RealProcess(s.Name, agent: null); break;
            case FileStep s: _files.Create(s, _pageSize); break;
            case MapStep s:
                if (!ReportingErrno(o, () => Map(s, o)))
                    _failedMaps[(s.Proc, s.Region)] = $"the map of '{s.Region}' on line {s.Line} failed here ({o.Get(Error)})";
                break;
            case TouchStep s: Touch(s, o); break;
            case ProtectStep s: ProtectPages(s, o); break;
            case AdviseStep s: Advise(s, o); break;
            case SyncStep s: Sync(s, o); break;
            case UnmapStep s: ReportingErrno(o, () => Unmap(s, o)); break;
            case ObserveStep s: Observe(s.Proc, s.Region, s.Pages, o); break;
            case ForkStep s: Fork(s, o); break;
            case ExecStep s: Exec(s, o); break;
            case OpenWriteStep s: OpenWrite(s, o); break;
            case CloseStep s: Close(s, o); break;
            case ExitStep s: Exit(s, o); break;
            case ReplayStep s: Replay(s, o); break;
            case MallocStep s: Malloc(s, o); break;
            case FreeStep s: FreeBlocks(s, o); break;
            case RemapStep s: ReportingErrno(o, () => Remap(s, o)); break;
            case ToUpperStep s: ToUpper(s, o); break;
            default: throw new NotSupportedException($"line {step.Line}: the real kernel side has no handler for '{step.Text}'");
        }
        return o;
    }

    private RealProcess Proc(string name) => _processes[name];

    /// <summary>A failed system call is the step's outcome (its errno under `error`), as on the model's side. False when it failed.</summary>
    private static bool ReportingErrno(StepObservation o, Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (SyscallException e)
        {
            o.Set(Error, e.Errno.Name());
            return false;
        }
    }

    /// <summary>Why the step cannot run here: it acts on a region whose map failed on this side. Null otherwise.</summary>
    private string? OnFailedMap(Step step)
    {
        string? region = step switch
        {
            TouchStep s => s.Region, ProtectStep s => s.Region, AdviseStep s => s.Region, SyncStep s => s.Region,
            UnmapStep s => s.Region, ObserveStep s => s.Region, RemapStep s => s.Region, ToUpperStep s => s.Region,
            _ => null,
        };
        return region is not null && step.Process is { } process && _failedMaps.TryGetValue((process, region), out var why) ? why : null;
    }

    private RealRegion Region(string process, string region) => _processes[process].Regions[region];

    private void Map(MapStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        long length = (long)s.Pages * _pageSize;
        nint address;
        if (proc.IsMain)
        {
            var options = new MappingOptions().Length(length).Protection(s.Protection);
            if (s.Shared) options.Shared();
            if (s.NoReserve) options.NoReserve();
            if (s.Populate) options.Populate();
            if (s.FileOffsetPages > 0) options.Offset((long)s.FileOffsetPages * _pageSize);
            bool writesFile = s.Shared && s.Protection.HasFlag(Protection.Write);
            var mapping = s.File is null ? options.MapAnonymous()
                : options.MapFile(writesFile ? _files.WritablePathOf(s.File) : _files.PathOf(s.File));
            if (s.File is null && !s.Populate) mapping.Advise(Advice.NoHugePage);
            _mainMappings[(s.Proc, s.Region)] = mapping;
            address = mapping.Address;
            o.Set(Faults, mapping.MinorFaultsWhileMapping + mapping.MajorFaultsWhileMapping);
        }
        else
        {
            address = proc.Agent!.MapAnonymous(length, s.Protection, s.Shared);
        }
        proc.Regions[s.Region] = new RealRegion(s.Region, address, s.Pages, s.File, s.Shared, s.Protection);
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, address, s.Pages, _pageSize));
        o.Set(Error, None);
    }

    private void Touch(TouchStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        var region = Region(s.Proc, s.Region);
        int[] pages = s.Pages.Resolve(region.Pages);
        var addresses = pages.Select(p => region.PageAddress(p, _pageSize)).ToArray();
        TouchResult result;
        if (proc.IsMain)
        {
            // This process has no way yet to survive its own SIGSEGV: a scenario makes such accesses in a child.
            int bad = Array.FindIndex(pages, p => !region.MayAccess(p, s.Write));
            if (bad >= 0)
                throw new InvalidOperationException(
                    $"line {s.Line}: page {pages[bad]} of '{s.Region}' would fault in the main process; make this access in a forked child");
            result = LocalTouch.Touch(addresses, s.Write, s.Value);
        }
        else
        {
            result = proc.Agent!.Touch(addresses, s.Write, s.Value);
        }
        o.Set(Faults, result.MinorFaults + result.MajorFaults);
        o.Set(Major, result.MajorFaults);
        if (!s.Write && BytesComparable(region)) o.Set(ReadSum, result.ByteSum);
        o.Set(Error, result.Fault is { } f ? f.SignalName : None);
    }

    private bool BytesComparable(RealRegion region) => region.File is not { } f || _files.StepOf(f).BytesComparable;

    private void ProtectPages(ProtectStep s, StepObservation o)
    {
        var region = Region(s.Proc, s.Region);
        int[] pages = s.Pages.Resolve(region.Pages);
        // Until a call succeeds its pages count as the lower of the old and new protection: a failed mprotect
        // (ENOMEM past vm.max_map_count) may have changed part of its range.
        EachRun(o, Proc(s.Proc), region, pages,
            slice => slice.Protect(s.Protection),
            (agent, address, length) => agent.Protect(address, length, s.Protection),
            before: (first, count) => SetProtection(region, first, count, p => p & s.Protection),
            after: (first, count) => SetProtection(region, first, count, _ => s.Protection));
    }

    private static void SetProtection(RealRegion region, int first, int count, Func<Protection, Protection> change)
    {
        for (int page = first; page < first + count; page++)
            region.ProtectionOverrides[page] = change(region.ProtectionOverrides.GetValueOrDefault(page, region.Protection));
    }

    private void Advise(AdviseStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        var region = Region(s.Proc, s.Region);
        EachRun(o, proc, region, s.Pages.Resolve(region.Pages),
            slice => slice.Advise(s.Advice),
            (agent, address, length) => agent.Advise(address, length, s.Advice));
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, region.Address, region.Pages, _pageSize));
    }

    /// <summary>
    /// One call per run of consecutive pages, in this process or through the child's agent; a failed call ends the
    /// step with its errno as the step's error. True when every call succeeded.
    /// </summary>
    private bool EachRun(StepObservation o, RealProcess proc, RealRegion region, int[] pages,
                         Action<MappingSlice> inMain, Action<ChildAgent, nint, long> inChild,
                         Action<int, int>? before = null, Action<int, int>? after = null)
    {
        try
        {
            foreach (var (first, count) in PageSet.Runs(pages))
            {
                nint address = region.PageAddress(first, _pageSize);
                long length = (long)count * _pageSize;
                before?.Invoke(first, count);
                if (proc.IsMain) inMain(_mainMappings[(proc.Name, region.Name)].Pages(first, count));
                else inChild(proc.Agent!, address, length);
                after?.Invoke(first, count);
            }
            o.Set(Error, None);
            return true;
        }
        catch (SyscallException e)
        {
            o.Set(Error, e.Errno.Name());
            return false;
        }
    }

    private void Sync(SyncStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        var region = Region(s.Proc, s.Region);
        var flags = s.Synchronous ? SyncFlags.Sync : SyncFlags.Async;
        var clock = Stopwatch.StartNew();
        try
        {
            if (proc.IsMain) _mainMappings[(proc.Name, region.Name)].Sync(flags);
            else proc.Agent!.Sync(region.Address, (long)region.Pages * _pageSize, flags);
            o.Set(Error, None);
        }
        catch (SyscallException e)
        {
            o.Set(Error, e.Errno.Name());
        }
        o.Set(Seconds, CounterValue.Of(clock.Elapsed.TotalSeconds));
        if (region.File is { } file && _files.StepOf(file).BytesComparable) o.Set(FileSum, _files.Sum(file));
    }

    private void Unmap(UnmapStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        var region = Region(s.Proc, s.Region);
        if (proc.IsMain)
        {
            _mainMappings[(s.Proc, s.Region)].Dispose();
            _mainMappings.Remove((s.Proc, s.Region));
        }
        else
        {
            proc.Agent!.Unmap(region.Address, (long)region.Pages * _pageSize);
        }
        region.Unmapped = true;
        o.Set(Error, None);
        if (region.File is { } file && _files.StepOf(file).BytesComparable) o.Set(FileSum, _files.Sum(file));
    }

    private void Observe(string process, string regionName, PageSet? pageSet, StepObservation o)
    {
        var proc = Proc(process);
        nint address;
        int regionPages;
        RealRegion? region = null;
        if (proc.Executing is { } running && running.Program == regionName)
        {
            address = running.TextStart;
            regionPages = _files.StepOf(regionName).Pages;
        }
        else
        {
            region = Region(process, regionName);
            address = region.Address;
            regionPages = region.Pages;
        }
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, address, regionPages, _pageSize));
        var (shared, why) = RealObserver.SharedPages(proc.Pid, address, regionPages);
        o.Set(CounterNames.Shared, shared is long n ? CounterValue.Of(n) : CounterValue.NotAvailable(why!));
        if (pageSet is not null)
        {
            var (counts, whyNot) = RealObserver.ShareCounts(proc.Pid, address, pageSet.Resolve(regionPages), _pageSize);
            o.Set(ShareCount, counts is null ? CounterValue.NotAvailable(whyNot!) : CounterValue.Of(CounterNames.ShareCounts(counts)));
        }
        if (region is { Shared: true, File: { } file, Unmapped: false } && _files.StepOf(file).BytesComparable)
        {
            var (dirty, whyNotDirty) = RealObserver.DirtyPages(proc.Pid, address, regionPages, _pageSize);
            o.Set(Dirty, dirty is long d ? CounterValue.Of(d) : CounterValue.NotAvailable(whyNotDirty!));
            o.Set(FileSum, _files.Sum(file));
        }
    }

    private void Fork(ForkStep s, StepObservation o)
    {
        var parent = Proc(s.Parent);
        var agent = parent.IsMain ? ChildAgent.Spawn() : parent.Agent!.Fork();
        var child = new RealProcess(s.Child, agent);
        foreach (var (name, region) in parent.Regions) child.Regions[name] = region.CopyForChild();
        foreach (var ((process, region), why) in _failedMaps.Where(f => f.Key.Process == s.Parent).ToList())
            _failedMaps[(s.Child, region)] = why;
        _processes[s.Child] = child;
        o.Set(Seconds, CounterValue.Of(agent.ForkTime.TotalSeconds));
        if (s.Strategy != ForkStrategy.CopyOnWrite)
            o.Events.Add($"the real kernel always forks copy-on-write; '{s.Strategy}' exists only in the model");
    }

    private void Exec(ExecStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        if (proc.IsMain) throw new InvalidOperationException($"line {s.Line}: the main process cannot exec; fork a child first");
        if (proc.Executing is { } running)
        {
            o.Set(Error, CounterValue.NotAvailable($"the process already runs {running.Program}: the toolkit drives no program further"));
            return;
        }
        int[] run = s.Run?.Resolve(_files.StepOf(s.Program).Pages) ?? [];
        string ready = _files.ScratchPath($"exec-line{s.Line}.ready");
        var result = proc.Agent!.TryExec(_files.PathOf(s.Program), TextProgram.Arguments(ready, run));
        if (result.Error is { } errno)
        {
            o.Set(Error, errno.Name());
            return;
        }
        TextProgram.WaitUntilReady(proc.Agent, ready, TimeSpan.FromSeconds(10));
        proc.Regions.Clear();
        proc.Executing = (s.Program, TextProgram.PageAddresses(proc.Pid, TextProgram.Layout)[0]);
        o.Set(Error, None);
    }

    private void OpenWrite(OpenWriteStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        try
        {
            if (proc.IsMain)
                Descriptors(proc.OpenForWriting, s.File).Add(PosixFile.OpenWriteOnly(_files.WritablePathOf(s.File)));
            else
                Descriptors(proc.ChildOpenForWriting, s.File).Add(proc.Agent!.OpenFile(_files.WritablePathOf(s.File), AgentOpenFlags.WriteOnly));
            o.Set(Error, None);
        }
        catch (SyscallException e)
        {
            o.Set(Error, e.Errno.Name());
        }
    }

    private void Close(CloseStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        if (proc.OpenForWriting.Remove(s.File, out var handles))
            foreach (var handle in handles) handle.Dispose();
        if (proc.ChildOpenForWriting.Remove(s.File, out var fds))
            foreach (int fd in fds) proc.Agent!.CloseFile(fd);
        o.Set(Error, None);
    }

    private void Exit(ExitStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        if (proc.IsMain) throw new InvalidOperationException($"line {s.Line}: the main process runs the demo and cannot exit");
        proc.Dispose();
        _processes.Remove(s.Proc);
        o.Set(Error, None);
    }

    private void Replay(ReplayStep s, StepObservation o)
    {
        if (!Enum.TryParse<PagerPolicy>(s.Policy, ignoreCase: true, out var policy))
        {
            o.Set(Faults, CounterValue.NotAvailable($"the user-level pager has no '{s.Policy}' policy"));
            return;
        }
        // A region at least as large as the frame pool: a trace may use fewer pages than there are frames.
        long pages = Math.Max(s.Trace.Max(r => r.Page) + 1, s.Frames);
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = s.Frames, Policy = policy });
        var result = PagerReplay.Run(pager, s.Trace.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToList());
        o.Set(Faults, result.Faults);
        o.Set(Evictions, result.Evictions);
        o.Set(SwapOuts, result.SwapOuts);
        o.Set(SwapIns, result.SwapIns);
        o.Set(ReferenceFaults, result.ReferenceFaults);
        o.Set(Error, None);
    }

    private void Malloc(MallocStep s, StepObservation o)
    {
        long before = RealObserver.HeapResidentPages(_pageSize);
        _heap.Allocate(s.Count, s.Bytes);
        o.Set(HeapResident, RealObserver.HeapResidentPages(_pageSize) - before);
        o.Set(Error, None);
    }

    private void FreeBlocks(FreeStep s, StepObservation o)
    {
        long before = RealObserver.HeapResidentPages(_pageSize);
        _heap.Free(keepLast: s.Mode == FreeMode.AllButLast);
        o.Set(HeapResident, RealObserver.HeapResidentPages(_pageSize) - before);
        o.Set(Error, None);
    }

    private void Remap(RemapStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        if (!proc.IsMain) throw new InvalidOperationException($"line {s.Line}: remap is done by the main process");
        using var file = PosixFile.OpenReadWrite(_files.WritablePathOf(s.File));
        _mainMappings[(s.Proc, s.Region)].RemapPage(s.Page, file, (long)s.Frame * _pageSize, Protection.ReadWrite);
        o.Set(Error, None);
    }

    private void ToUpper(ToUpperStep s, StepObservation o)
    {
        var proc = Proc(s.Proc);
        if (!proc.IsMain) throw new InvalidOperationException($"line {s.Line}: toupper runs in the main process");
        var region = Region(s.Proc, s.Region);
        int refused = Enumerable.Range(0, region.Pages).FirstOrDefault(p => !region.MayAccess(p, write: true) || !region.MayAccess(p, write: false), -1);
        if (refused >= 0)
            throw new InvalidOperationException($"line {s.Line}: page {refused} of '{s.Region}' is not readable and writable now: toupper would kill the main process");
        var mapping = _mainMappings[(s.Proc, s.Region)];
        var result = LocalTouch.ToUpper(mapping.Address, mapping.Length);
        o.Set(Faults, result.MinorFaults + result.MajorFaults);
        o.Set(Major, result.MajorFaults);
        o.Set(Error, None);
    }

    private static List<T> Descriptors<T>(Dictionary<string, List<T>> open, string file) =>
        open.TryGetValue(file, out var list) ? list : open[file] = [];

    public void Dispose()
    {
        foreach (var p in _processes.Values) p.Dispose();
        foreach (var m in _mainMappings.Values) m.Dispose();
        _heap.Dispose();
        _files.Dispose();
    }
}
