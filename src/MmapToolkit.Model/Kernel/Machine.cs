using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Kernel;

/// <summary>
/// The modelled system: physical memory, the swap area, the file system, the processes, the replacement policy, the
/// system-wide counters and the optional event log. Drive it through <see cref="Process"/> (system calls and memory
/// accesses) and read the results back from here. Single-threaded and deterministic.
/// </summary>
public sealed partial class Machine
{
    private readonly List<Process> _processes = new();
    private readonly List<VmEvent> _events = new();
    private int _nextPid = 1;
    private long _nextPageKey = 1L << 40;

    public Machine(MachineOptions? options = null)
    {
        Options = options ?? new MachineOptions();
        if (Options.PageSize < 16 || (Options.PageSize & (Options.PageSize - 1)) != 0)
            throw new ArgumentException($"page size must be a power of two of at least 16 bytes, got {Options.PageSize}");
        if (Options.Frames < 1) throw new ArgumentException($"the machine needs at least 1 frame, got {Options.Frames}");
        if (Options.ReadaheadPages < 1) throw new ArgumentException("the readahead window is at least 1 page");
        Memory = new PhysicalMemory(Options.Frames, Options.PageSize);
        Swap = new SwapArea(Options.SwapSlots);
        Files = new FileSystem(Memory);
        Policy = PolicyFactory.Create(Options.Policy, Options.Frames, Options.Seed);
        FaultHandler = new PageFaultHandler(this);
    }

    public MachineOptions Options { get; }
    public int PageSize => Options.PageSize;
    public PhysicalMemory Memory { get; }
    public SwapArea Swap { get; }
    public FileSystem Files { get; }
    public IReplacementPolicy Policy { get; }
    public VmCounters Counters { get; } = new();
    public IReadOnlyList<Process> Processes => _processes;
    /// <summary>Faults and evictions, oldest first (empty unless <see cref="MachineOptions.RecordEvents"/>).</summary>
    public IReadOnlyList<VmEvent> Events => _events;
    internal PageFaultHandler FaultHandler { get; }

    /// <summary>Swap slot -> frame still holding the same contents (the swap cache).</summary>
    internal readonly Dictionary<int, int> SwapCache = new();

    /// <summary>Swap slot -> the policy identity of the page stored there (so ARC's history survives a swap-out).</summary>
    internal readonly Dictionary<int, long> SlotKeys = new();

    /// <summary>A process with an empty address space (use mmap and brk-less regions, or <see cref="Process.Exec"/>).</summary>
    public Process CreateProcess(string name)
    {
        var p = new Process(this, _nextPid++, name, parent: null);
        _processes.Add(p);
        return p;
    }

    /// <summary>A new process running <paramref name="path"/> (create + execve).</summary>
    public Process Spawn(string path, string? name = null)
    {
        var p = CreateProcess(name ?? Path.GetFileName(path));
        try
        {
            p.Exec(path);
        }
        catch
        {
            _processes.Remove(p);
            throw;
        }
        return p;
    }

    /// <summary>The background flusher: writes pages msync(MS_ASYNC) queued. Returns how many it wrote.</summary>
    public int Writeback()
    {
        using var step = BeginStep();
        int written = 0;
        for (int f = 0; f < Memory.Frames; f++)
        {
            var info = Memory[f];
            if (!info.WritebackQueued) continue;
            info.WritebackQueued = false;
            if (info.Use == FrameUse.PageCache && IsDirty(info)) { WriteBack(info, null); written++; }
        }
        return written;
    }

    internal Process Adopt(Process parent)
    {
        var p = new Process(this, _nextPid++, parent.Name, parent);
        _processes.Add(p);
        return p;
    }

    internal void Forget(Process p) => _processes.Remove(p);

    internal long NewPageKey() => _nextPageKey++;

    internal void Log(Process p, string kind, long address, string text)
    {
        if (Options.RecordEvents) _events.Add(new VmEvent(_events.Count + 1, p.Pid, kind, address, text));
    }

    internal void Count(Process p, Action<VmCounters> bump)
    {
        bump(Counters);
        bump(p.Counters);
    }

    // ---- frames ----------------------------------------------------------------------------------------------

    /// <summary>A free frame, evicting a victim chosen by the policy if none is free. The frame comes back zeroed, unused.</summary>
    internal int AllocateFrame(Process requester, long pageKey)
    {
        if (!Memory.TryTakeFree(out int frame))
        {
            frame = Policy.ChooseVictim(pageKey);
            Evict(frame, requester);
            if (!Memory.TryTakeFree(out int again) || again != frame)
                throw new InvalidOperationException($"eviction of frame {frame} did not free it");
        }
        Array.Clear(Memory.DataOf(frame));
        Memory[frame].PageKey = pageKey;
        return frame;
    }

    /// <summary>Tells the policy a frame got its page (after the caller set it up).</summary>
    internal void Loaded(int frame) => Policy.OnLoad(frame, Memory[frame].PageKey);

    internal int FreeFrameCount => Memory.FreeFrames;

    /// <summary>
    /// Evicts a frame: a dirty anonymous page goes to swap (a clean one with a valid swap copy, or one never written,
    /// is dropped); a page-cache page is written back to its file if dirty, else dropped. Every page-table entry
    /// mapping the frame loses its mapping and records where the page went.
    /// </summary>
    private void Evict(int frame, Process requester)
    {
        var info = Memory[frame];
        Count(requester, c => c.Evictions++);
        string what;
        if (info.Use == FrameUse.PageCache)
        {
            bool dirty = IsDirty(info);
            if (dirty) WriteBack(info, requester);
            foreach (var m in info.Mappings)
                m.Process.Space.PageTable[m.Vpn].Clear(PageState.FileBacked);
            info.File!.PageCache.Remove(info.FileIndex);
            what = $"{info.File.Path} page {info.FileIndex} {(dirty ? "written back" : "dropped (clean, the file has it)")}";
        }
        else
        {
            int slot;
            if (info.Dirty)
            {
                if (info.SwapSlot >= 0) ReleaseSwapCopy(info);
                slot = Swap.Store(Memory.DataOf(frame));
                SlotKeys[slot] = info.PageKey;
                Count(requester, c => c.SwapOuts++);
                what = $"anonymous page written to swap slot {slot}";
            }
            else if (info.SwapSlot >= 0)
            {
                slot = info.SwapSlot;
                what = $"anonymous page dropped (swap slot {slot} still holds it)";
            }
            else
            {
                slot = -1;
                what = "anonymous page dropped (never written: it is still all zeros)";
            }
            foreach (var m in info.Mappings)
            {
                var pte = m.Process.Space.PageTable[m.Vpn];
                pte.Clear(slot >= 0 ? PageState.Swapped : PageState.DemandZero);
                if (slot >= 0) { pte.SwapSlot = slot; Swap.AddRef(slot); }
            }
            if (info.SwapSlot >= 0) ReleaseSwapCopy(info);
            else if (slot >= 0 && info.Mappings.Count == 0) Swap.Release(slot);
        }
        string holders = info.Mappings.Count == 0 ? "no process" : string.Join(", ", info.Mappings.Select(m => $"pid {m.Process.Pid} page 0x{m.Vpn:x}"));
        Log(requester, "evict", -1, $"evicted frame {frame} ({Policy.Name} chose it): {what}; unmapped from {holders}");
        FreeFrame(frame);
    }

    internal static bool IsDirty(FrameInfo info) => info.Dirty || info.Mappings.Any(m => m.Process.Space.PageTable[m.Vpn].Dirty);

    /// <summary>Writes a page-cache frame back to its file (for a hidden shared-anonymous object: to swap) and cleans it.</summary>
    internal void WriteBack(FrameInfo info, Process? requester)
    {
        info.File!.WritePage(info.FileIndex, Memory.DataOf(info.Number));
        if (info.File.IsAnonymousShared) info.File.SwappedOut.Add(info.FileIndex);
        info.Dirty = false;
        foreach (var m in info.Mappings) m.Process.Space.PageTable[m.Vpn].Dirty = false;
        Action<VmCounters> bump = info.File.IsAnonymousShared ? c => c.SwapOuts++ : c => c.FileWrites++;
        if (requester is null) bump(Counters); else Count(requester, bump);
    }

    internal void ReleaseSwapCopy(FrameInfo info)
    {
        SwapCache.Remove(info.SwapSlot);
        Swap.Release(info.SwapSlot);
        info.SwapSlot = -1;
    }

    internal void FreeFrame(int frame)
    {
        var info = Memory[frame];
        if (info.SwapSlot >= 0) ReleaseSwapCopy(info);
        if (info.Use == FrameUse.PageCache) info.File!.PageCache.Remove(info.FileIndex);
        Policy.OnRemove(frame);
        Memory.Release(frame);
    }

    /// <summary>Points a page-table entry at a frame and records the mapping in the frame's reverse map.</summary>
    internal void Map(Process p, long vpn, PageTableEntry pte, int frame, bool writable, bool copyOnWrite)
    {
        pte.Clear(PageState.Present);
        pte.Frame = frame;
        pte.Writable = writable;
        pte.CopyOnWrite = copyOnWrite;
        pte.Referenced = true;
        if (frame >= 0) Memory[frame].Mappings.Add(new FrameMapping(p, vpn));
    }

    /// <summary>
    /// Drops whatever a page-table entry holds: its mapping of a frame (freeing an anonymous frame nobody else maps; a
    /// page-cache frame stays cached, keeping the entry's dirty bit), or its reference to a swap slot.
    /// </summary>
    internal void Detach(Process p, long vpn, PageTableEntry pte)
    {
        if (pte.State == PageState.Present && pte.Frame >= 0)
        {
            var info = Memory[pte.Frame];
            info.Mappings.Remove(new FrameMapping(p, vpn));
            if (pte.Dirty) info.Dirty = true;
            if (info.Use == FrameUse.Anonymous && info.Mappings.Count == 0) FreeFrame(pte.Frame);
        }
        else if (pte.State == PageState.Swapped)
        {
            Swap.Release(pte.SwapSlot);
        }
        pte.Clear(PageState.DemandZero);
    }
}
