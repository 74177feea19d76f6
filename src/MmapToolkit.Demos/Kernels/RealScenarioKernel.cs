using System.Diagnostics;
using MmapToolkit.Agents;
using MmapToolkit.Demos.Kernels.Real;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Files;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using MmapToolkit.Pager;
using static MmapToolkit.Demos.Kernels.CounterNames;

namespace MmapToolkit.Demos.Kernels;

/// <summary>
/// The real Linux side of a scenario: the first process is this one (touches through native code on this thread,
/// faults from getrusage(RUSAGE_THREAD)); forked processes are native child agents; files are real files on disk
/// (memory files are memfds); replays run on the user-level pager. Disposing kills every child, unmaps every
/// mapping and deletes every file the run made. What the parser already refused (an exec or exit of the first
/// process, remap or toupper in a child, bad names and sizes) is not checked again here; what only this run can know
/// (a protect that failed, so a page is not as writable as the scenario says) is.
/// </summary>
internal sealed class RealScenarioKernel : ScenarioKernel<RealProcess, RealRegion>
{
    private readonly int _pageSize = MemoryMapping.SystemPageSize;
    private readonly ScenarioFiles _files = new();
    private readonly CHeap _heap = new();
    private readonly ProcessFaultRecorders _recorders;

    /// <param name="recorders">Who records each process's faults (default: perf_event_open, <see cref="ProcessFaultRecorders.Perf"/>).</param>
    public RealScenarioKernel(Scenario scenario, ProcessFaultRecorders? recorders = null) : base(scenario) =>
        _recorders = recorders ?? ProcessFaultRecorders.Perf();

    public override string Side => "kernel";

    public override void StartProcess(ProcessStep s, StepObservation o) => Processes.Add(s.Name, new RealProcess(s.Name, agent: null));

    public override void CreateFile(FileStep s, StepObservation o) => _files.Create(s, _pageSize);

    public override void Map(MapStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = new RealRegion(s.Region, 0, s.Pages, s.File, s.Shared, s.Protection);
        // Only a pre-paging map can fault: its faults (or their absence) are recorded.
        if (s.Populate)
        {
            var log = _recorders.Record(proc, () => region, () => region = MapIn(proc, s, region, o), prePaged: true);
            o.SetFaultLog(log);
            PrePagingNote(s, log, region.Mapping?.MinorFaultsWhileMapping, o);
        }
        else
        {
            region = MapIn(proc, s, region, o);
        }
        Regions.Add((s.Proc, s.Region), region);
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, region.Address, s.Pages, _pageSize));
        o.Set(Error, None);
    }

    private RealRegion MapIn(RealProcess proc, MapStep s, RealRegion region, StepObservation o)
    {
        long length = (long)s.Pages * _pageSize;
        if (proc.IsMain)
        {
            var options = new MappingOptions().Length(length).Protection(s.Protection);
            if (s.Shared) options.Shared();
            if (s.NoReserve) options.NoReserve();
            if (s.Populate) options.Populate();
            if (s.FileOffsetPages > 0) options.Offset((long)s.FileOffsetPages * _pageSize);
            var mapping = s.File is null ? options.MapAnonymous()
                : options.MapFile(Vocabulary.MapAccess(s.Shared, s.Protection) == FileAccess.Read
                    ? _files.PathOf(s.File) : _files.WritablePathOf(s.File));
            if (s.File is null && !s.Populate)
            {
                try { mapping.Advise(Advice.NoHugePage); }
                catch { mapping.Dispose(); throw; }
            }
            region = region with { Address = mapping.Address, Mapping = mapping };
            o.Set(Faults, mapping.MinorFaultsWhileMapping + mapping.MajorFaultsWhileMapping);
        }
        else
        {
            region = region with { Address = proc.Agent!.MapAnonymous(length, s.Protection, s.Shared) };
        }
        return region;
    }

    /// <summary>Says what the kernel's pre-paging cost as faults: getrusage's count around the mmap call (taken in native
    /// code, this thread only; null where not known) against what the recorder sampled in the region. Measured, not
    /// assumed: on Linux pre-paging goes through get_user_pages, which getrusage counts and perf may not sample.</summary>
    private static void PrePagingNote(Step s, StepFaultLog log, long? counted, StepObservation o)
    {
        string sampled = log.IsAvailable ? $"the fault recorder sampled {log.Faults.Count} fault(s) in the region" : "the faults were not recorded";
        o.Events.Add($"pre-paging ({PrePaging.Of(s)}): {(counted is long n ? $"getrusage counted {n} fault(s) of this thread during the call; " : "")}{sampled}");
    }

    public override void Touch(TouchStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = Region(s.Proc, s.Region);
        int[] pages = s.Pages.Resolve(region.Pages);
        var addresses = pages.Select(p => region.PageAddress(p, _pageSize)).ToArray();
        if (proc.IsMain)
        {
            // The parser refuses accesses the scenario's protections forbid here; a protect that failed on this run
            // can still leave a page less accessible than the scenario says, and the access would kill this process.
            int bad = Array.FindIndex(pages, p => !region.MayAccess(p, s.Write));
            if (bad >= 0)
                throw new InvalidOperationException(
                    $"line {s.Line}: page {pages[bad]} of '{s.Region}' would fault in the main process; make this access in a forked child");
        }
        TouchResult? touched = null;
        var log = _recorders.Record(proc, () => region, () => touched = proc.IsMain
            ? LocalTouch.Touch(addresses, s.Write, s.Value)
            : proc.Agent!.Touch(addresses, s.Write, s.Value));
        var result = touched!;
        o.Set(Faults, result.MinorFaults + result.MajorFaults);
        o.Set(Major, result.MajorFaults);
        o.SetFaultLog(log);
        CompareWithCount(log, result.MinorFaults + result.MajorFaults, o);
        if (!s.Write && BytesComparable(region)) o.Set(ReadSum, result.ByteSum);
        o.Set(Error, result.Fault is { } f ? f.SignalName : None);
    }

    public override void Protect(ProtectStep s, StepObservation o)
    {
        var region = Region(s.Proc, s.Region);
        // Until a call succeeds its pages count as the lower of the old and new protection: a failed mprotect
        // (ENOMEM past vm.max_map_count) may have changed part of its range.
        EachRun(Processes[s.Proc], region, s.Pages.Resolve(region.Pages),
            slice => slice.Protect(s.Protection),
            (agent, address, length) => agent.Protect(address, length, s.Protection),
            before: (first, count) => SetProtection(region, first, count, p => p & s.Protection),
            after: (first, count) => SetProtection(region, first, count, _ => s.Protection));
        o.Set(Error, None);
    }

    public override void Advise(AdviseStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = Region(s.Proc, s.Region);
        void Advise() => EachRun(proc, region, s.Pages.Resolve(region.Pages),
            slice => slice.Advise(s.Advice),
            (agent, address, length) => agent.Advise(address, length, s.Advice));
        if (PrePaging.Of(s) is not null)
        {
            // No getrusage figure here: around a managed call it would count the runtime's own faults (a stub compiled on
            // first use) as well; mmap's is taken in native code around the call alone.
            var log = _recorders.Record(proc, () => region, Advise, prePaged: true);
            o.SetFaultLog(log);
            PrePagingNote(s, log, counted: null, o);
        }
        else
        {
            Advise();
        }
        o.Set(Error, None);
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, region.Address, region.Pages, _pageSize));
    }

    public override void Sync(SyncStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = Region(s.Proc, s.Region);
        var flags = s.Synchronous ? SyncFlags.Sync : SyncFlags.Async;
        var clock = Stopwatch.StartNew();
        if (proc.IsMain) region.Mapping!.Sync(flags);
        else proc.Agent!.Sync(region.Address, (long)region.Pages * _pageSize, flags);
        o.Set(Error, None);
        o.Set(Seconds, CounterValue.Of(clock.Elapsed.TotalSeconds));
        if (region.File is { } file && _files.StepOf(file).BytesComparable) o.Set(FileSum, _files.Sum(file));
    }

    public override void Unmap(UnmapStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = Region(s.Proc, s.Region);
        if (proc.IsMain)
        {
            region.Mapping!.Dispose();
            region.Mapping = null;
        }
        else
        {
            proc.Agent!.Unmap(region.Address, (long)region.Pages * _pageSize);
        }
        region.Unmapped = true;
        o.Set(Error, None);
        if (region.File is { } file && _files.StepOf(file).BytesComparable) o.Set(FileSum, _files.Sum(file));
    }

    public override void Observe(ObserveStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        var region = Region(s.Proc, s.Region);
        o.Set(Resident, RealObserver.PresentPages(proc.Pid, region.Address, region.Pages, _pageSize));
        var (shared, why) = RealObserver.SharedPages(proc.Pid, region.Address, region.Pages);
        o.Set(CounterNames.Shared, shared is long n ? CounterValue.Of(n) : CounterValue.NotAvailable(why!));
        if (s.Pages is not null)
        {
            var (counts, whyNot) = RealObserver.ShareCounts(proc.Pid, region.Address, s.Pages.Resolve(region.Pages), _pageSize);
            o.Set(ShareCount, counts is null ? CounterValue.NotAvailable(whyNot!) : CounterValue.Of(CounterNames.ShareCounts(counts)));
        }
        if (region is { Shared: true, File: { } file, Unmapped: false } && _files.StepOf(file).BytesComparable)
        {
            var (dirty, whyNotDirty) = RealObserver.DirtyPages(proc.Pid, region.Address, region.Pages, _pageSize);
            o.Set(Dirty, dirty is long d ? CounterValue.Of(d) : CounterValue.NotAvailable(whyNotDirty!));
            o.Set(FileSum, _files.Sum(file));
        }
    }

    public override void Fork(ForkStep s, StepObservation o)
    {
        var parent = Processes[s.Parent];
        var agent = parent.IsMain ? ChildAgent.Spawn() : parent.Agent!.Fork();
        Processes.Add(s.Child, new RealProcess(s.Child, agent));
        _recorders.Attach(agent.Pid);
        CopyRegions(s.Parent, s.Child, region => region.CopyForChild());
        o.Set(Seconds, CounterValue.Of(agent.ForkTime.TotalSeconds));
        if (!Vocabulary.RealKernelForks(s.Strategy))
            o.Events.Add($"the real kernel always forks copy-on-write; '{s.Strategy}' exists only in the model");
    }

    public override void Exec(ExecStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        if (proc.Executing is { } running)
        {
            o.Set(Error, CounterValue.NotAvailable($"the process already runs {running}: the toolkit drives no program further"));
            return;
        }
        int textPages = _files.StepOf(s.Program).Pages;
        int[] run = s.Run?.Resolve(textPages) ?? [];
        string ready = _files.ScratchPath($"exec-line{s.Line}.ready");
        ExecResult? result = null;
        RealRegion? text = null;
        // The program's faults on its text block, from execve until it says it is ready (its start-up code and libc lie
        // outside the block). The agent's recorder follows it through execve.
        var log = _recorders.Record(proc, () => text ?? new RealRegion(s.Program, 0, 0, s.Program, Shared: false, Protection.ReadExec), () =>
        {
            result = proc.Agent!.TryExec(_files.PathOf(s.Program), TextProgram.Arguments(ready, run));
            if (result.Error is not null) return;
            TextProgram.WaitUntilReady(proc.Agent, ready, TimeSpan.FromSeconds(10));
            nint textStart = TextProgram.PageAddresses(proc.Pid, TextProgram.Layout)[0];
            text = new RealRegion(s.Program, textStart, textPages, s.Program, Shared: false, Protection.ReadExec);
        });
        if (result!.Error is { } errno)
        {
            o.Set(Error, errno.Name());
            return;
        }
        proc.Executing = s.Program;
        // execve replaced the address space: its one region is the program's text, named after the program.
        ForgetRegions(s.Proc);
        Regions.Add((s.Proc, s.Program), text!);
        o.SetFaultLog(log);
        o.Set(Error, None);
    }

    public override void OpenWrite(OpenWriteStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        string path = _files.WritablePathOf(s.File);
        if (proc.IsMain)
            Descriptors(proc.OpenForWriting, s.File).Add(Vocabulary.OpenHere(path, Vocabulary.OpenWriteAccess));
        else
            Descriptors(proc.ChildOpenForWriting, s.File).Add(proc.Agent!.OpenFile(path, Vocabulary.ToAgent(Vocabulary.OpenWriteAccess)));
        o.Set(Error, None);
    }

    public override void Close(CloseStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        if (proc.OpenForWriting.Remove(s.File, out var handles))
            foreach (var handle in handles) handle.Dispose();
        if (proc.ChildOpenForWriting.Remove(s.File, out var fds))
            foreach (int fd in fds) proc.Agent!.CloseFile(fd);
        o.Set(Error, None);
    }

    public override void Exit(ExitStep s, StepObservation o)
    {
        var proc = Processes[s.Proc];
        _recorders.Detach(proc.Pid);
        proc.Dispose();
        Processes.Remove(s.Proc, out _);
        ForgetRegions(s.Proc);
        o.Set(Error, None);
    }

    public override void Replay(ReplayStep s, StepObservation o)
    {
        if (!Enum.TryParse<PagerPolicy>(s.Policy, ignoreCase: true, out var policy))
        {
            o.Set(Faults, CounterValue.NotAvailable($"the user-level pager has no '{s.Policy}' policy"));
            if (Scenario.WorkingSet is not null)
                o.Set(StepObservation.WindowFaultsCounter, CounterValue.NotAvailable($"the user-level pager has no '{s.Policy}' policy"));
            return;
        }
        // A region at least as large as the frame pool: a trace may use fewer pages than there are frames.
        long pages = Math.Max(s.Trace.Max(r => r.Page) + 1, s.Frames);
        // The demos tell the notes' own trick (a SIGSEGV handler, reference bits by protection): that backend, always.
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = s.Frames, Policy = policy, Backend = PagerBackend.Sigsegv });
        var trace = s.Trace.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToList();
        // The working-set view: the same references, replayed window after window on the same pager, so each window's
        // faults are the pager's own count. OPT is told the future of one replay call only: it replays whole.
        int window = Scenario.WorkingSet is { } view && policy != PagerPolicy.Opt ? view.Window : trace.Count;
        var parts = trace.Chunk(window).Select(part => PagerReplay.Run(pager, part)).ToList();
        o.Set(Faults, parts.Sum(p => p.Faults));
        o.Set(Evictions, parts.Sum(p => p.Evictions));
        o.Set(SwapOuts, parts.Sum(p => p.SwapOuts));
        o.Set(SwapIns, parts.Sum(p => p.SwapIns));
        o.Set(ReferenceFaults, parts.Sum(p => p.ReferenceFaults));
        if (Scenario.WorkingSet is not null)
        {
            if (policy == PagerPolicy.Opt)
                o.Set(StepObservation.WindowFaultsCounter, CounterValue.NotAvailable("the pager's OPT learns the future of a whole replay: it is not split into windows"));
            else o.SetWindowFaults(parts.Select(p => p.Faults).ToList());
        }
        o.Set(Error, None);
    }

    public override void Malloc(MallocStep s, StepObservation o)
    {
        long before = RealObserver.HeapResidentPages(_pageSize);
        _heap.Allocate(s.Count, s.Bytes);
        o.Set(HeapResident, RealObserver.HeapResidentPages(_pageSize) - before);
        o.Set(Error, None);
    }

    public override void Free(FreeStep s, StepObservation o)
    {
        long before = RealObserver.HeapResidentPages(_pageSize);
        _heap.Free(keepLast: s.Mode == FreeMode.AllButLast);
        o.Set(HeapResident, RealObserver.HeapResidentPages(_pageSize) - before);
        o.Set(Error, None);
    }

    /// <summary>remap and toupper are the first process's (the parser says so): the region's mapping is this process's own.</summary>
    public override void Remap(RemapStep s, StepObservation o)
    {
        var region = Region(s.Proc, s.Region);
        using var file = Vocabulary.OpenHere(_files.WritablePathOf(s.File), Vocabulary.RemapAccess);
        region.Mapping!.RemapPage(s.Page, file, (long)s.Frame * _pageSize, Protection.ReadWrite);
        o.Set(Error, None);
    }

    public override void ToUpper(ToUpperStep s, StepObservation o)
    {
        var region = Region(s.Proc, s.Region);
        // As for touch: only a protect that failed on this run can leave a page the parser let through inaccessible.
        int refused = Enumerable.Range(0, region.Pages).FirstOrDefault(p => !region.MayAccess(p, write: true) || !region.MayAccess(p, write: false), -1);
        if (refused >= 0)
            throw new InvalidOperationException($"line {s.Line}: page {refused} of '{s.Region}' is not readable and writable now: toupper would kill the main process");
        TouchResult? touched = null;
        var log = _recorders.Record(Processes[s.Proc], () => region, () => touched = LocalTouch.ToUpper(region.Mapping!.Address, region.Mapping.Length));
        var result = touched!;
        o.Set(Faults, result.MinorFaults + result.MajorFaults);
        o.Set(Major, result.MajorFaults);
        o.SetFaultLog(log);
        CompareWithCount(log, result.MinorFaults + result.MajorFaults, o);
        o.Set(Error, None);
    }

    /// <summary>A note when the faults recorded in the region are not the step's getrusage count: faults elsewhere (the
    /// touch loop's own stack) are in the count only, and perf does not sample every kind of fault on every kernel.</summary>
    private static void CompareWithCount(StepFaultLog log, long counted, StepObservation o)
    {
        if (log.IsAvailable && log.Faults.Count != counted)
            o.Events.Add($"the fault recorder sampled {log.Faults.Count} fault(s) in '{log.Region}'; getrusage counted {counted} for the step");
    }

    private bool BytesComparable(RealRegion region) => region.File is not { } f || _files.StepOf(f).BytesComparable;

    private static void SetProtection(RealRegion region, int first, int count, Func<Protection, Protection> change)
    {
        for (int page = first; page < first + count; page++)
            region.ProtectionOverrides[page] = change(region.ProtectionOverrides.GetValueOrDefault(page, region.Protection));
    }

    /// <summary>One call per run of consecutive pages, in this process or through the child's agent. A failed call
    /// ends the step there (its errno is the step's error).</summary>
    private void EachRun(RealProcess proc, RealRegion region, int[] pages, Action<MappingSlice> inMain, Action<ChildAgent, nint, long> inChild,
                         Action<int, int>? before = null, Action<int, int>? after = null)
    {
        foreach (var (first, count) in PageSet.Runs(pages))
        {
            before?.Invoke(first, count);
            if (proc.IsMain) inMain(region.Mapping!.Pages(first, count));
            else inChild(proc.Agent!, region.PageAddress(first, _pageSize), (long)count * _pageSize);
            after?.Invoke(first, count);
        }
    }

    private static List<T> Descriptors<T>(Dictionary<string, List<T>> open, string file) =>
        open.TryGetValue(file, out var list) ? list : open[file] = [];

    public override void Dispose()
    {
        _recorders.Dispose();
        foreach (var p in Processes.Values) p.Dispose();
        foreach (var region in Regions.Values) region.Mapping?.Dispose();
        _heap.Dispose();
        _files.Dispose();
    }
}
