namespace MmapToolkit.Model.Kernel;

/// <summary>
/// A modelled process: an address space (regions and a page table), open files, counters, and the system calls the
/// notes discuss (see the other parts of this partial class). Memory accesses go through <see cref="Touch"/>,
/// <see cref="Read"/> and <see cref="Write"/>, which never throw for a bad access: a segmentation fault comes back as
/// an <see cref="AccessResult"/> (the process is not killed, so a demo can go on).
/// </summary>
public sealed partial class Process
{
    internal Process(Machine machine, int pid, string name, Process? parent)
    {
        Machine = machine;
        Pid = pid;
        Name = name;
        Parent = parent;
        HeapStartPage = Layout.DefaultHeapBase / machine.PageSize;
        Break = Layout.DefaultHeapBase;
    }

    public Machine Machine { get; }
    public int Pid { get; }
    public string Name { get; private set; }
    public Process? Parent { get; }
    public bool IsAlive { get; private set; } = true;
    public AddressSpace Space { get; } = new();
    public VmCounters Counters { get; } = new();
    /// <summary>The program this process runs (null until execve).</summary>
    public ModelFile? Program { get; private set; }
    public int PageSize => Machine.PageSize;

    /// <summary>One access to the page holding <paramref name="address"/>.</summary>
    public AccessResult Touch(long address, AccessKind kind = AccessKind.Read)
    {
        using var step = BeginStep("access");
        return Access(address, kind, prefault: false);
    }

    /// <summary>Reads bytes (page by page). Returns the first failed access, or the last page's result.</summary>
    public AccessResult Read(long address, Span<byte> destination)
    {
        using var step = BeginStep("read");
        AccessResult? last;
        int done = 0;
        long at;
        do
        {
            at = address + done;
            last = AccessPage(at, AccessKind.Read);
            if (last is { Succeeded: false }) return last;
            int offset = (int)(at % PageSize);
            int n = Math.Min(PageSize - offset, destination.Length - done);
            Machine.Memory.DataOf(Space.PageTable[at / PageSize].Frame).AsSpan(offset, n).CopyTo(destination[done..]);
            done += n;
        } while (done < destination.Length);
        return last ?? AccessResult.Hit(Pid, at, AccessKind.Read, Space.PageTable[at / PageSize].Frame);
    }

    /// <summary>Writes bytes (page by page). Returns the first failed access, or the last page's result.</summary>
    public AccessResult Write(long address, ReadOnlySpan<byte> data)
    {
        using var step = BeginStep("write");
        AccessResult? last;
        int done = 0;
        long at;
        do
        {
            at = address + done;
            last = AccessPage(at, AccessKind.Write);
            if (last is { Succeeded: false }) return last;
            int offset = (int)(at % PageSize);
            int n = Math.Min(PageSize - offset, data.Length - done);
            data.Slice(done, n).CopyTo(Machine.Memory.DataOf(Space.PageTable[at / PageSize].Frame).AsSpan(offset));
            done += n;
        } while (done < data.Length);
        return last ?? AccessResult.Hit(Pid, at, AccessKind.Write, Space.PageTable[at / PageSize].Frame);
    }

    /// <summary>Reads bytes or returns null if any page faults fatally (the fault is still counted and logged).</summary>
    public byte[]? TryReadBytes(long address, int count)
    {
        var buffer = new byte[count];
        return Read(address, buffer).Succeeded ? buffer : null;
    }

    // The "hardware": check the region and the entry, take a fault when needed.
    internal AccessResult Access(long address, AccessKind kind, bool prefault)
    {
        if (!prefault) Machine.Count(this, static c => c.References++);
        return TryHit(address, kind, out int frame) ? AccessResult.Hit(Pid, address, kind, frame) : Fault(address, kind, prefault);
    }

    // One counted access for Read/Write: null for a hit (nothing allocated; the caller builds the last page's result).
    private AccessResult? AccessPage(long address, AccessKind kind)
    {
        Machine.Count(this, static c => c.References++);
        return TryHit(address, kind, out _) ? null : Fault(address, kind, prefault: false);
    }

    // The hit path, kept free of allocations: the page is present and the access allowed.
    private bool TryHit(long address, AccessKind kind, out int frame)
    {
        frame = -1;
        if (address < 0) return false;
        long vpn = address / PageSize;
        var region = Space.Find(vpn);
        if (region is null || (region.Protection & Needed(kind)) == 0) return false;
        if (!Space.PageTable.TryGetValue(vpn, out var pte) || pte.State != PageState.Present) return false;
        if (kind == AccessKind.Write && !pte.Writable) return false;
        pte.Referenced = true;
        if (pte.Frame >= 0) Machine.Policy.OnHit(pte.Frame);
        if (kind == AccessKind.Write) Machine.FaultHandler.Written(pte);
        frame = pte.Frame;
        return true;
    }

    // Everything but a hit: a segmentation fault, or a fault the handler resolves.
    private AccessResult Fault(long address, AccessKind kind, bool prefault)
    {
        long vpn = address / PageSize;
        var handler = Machine.FaultHandler;
        var region = address < 0 ? null : Space.Find(vpn);
        if (region is null)
            return handler.Segv(this, address, kind, FaultCause.NotMapped, FaultResolution.SegmentationFault,
                $"{kind.ToString().ToLowerInvariant()} at 0x{address:x}: no region contains it (never mapped, or unmapped): SIGSEGV");
        if ((region.Protection & Needed(kind)) == 0)
            return handler.Segv(this, address, kind, FaultCause.ProtectionViolation, FaultResolution.SegmentationFault,
                $"{kind.ToString().ToLowerInvariant()} at 0x{address:x}: {region.Name} is {Region.ProtectionText(region.Protection)}: SIGSEGV");
        if (Space.PageTable.TryGetValue(vpn, out var pte) && pte.State == PageState.Present)
            return handler.WriteProtected(this, region, vpn, pte, prefault);
        return handler.NotPresent(this, region, vpn, kind, prefault);
    }

    private static Protection Needed(AccessKind kind)
        => kind switch { AccessKind.Read => Protection.Read, AccessKind.Write => Protection.Write, _ => Protection.Exec };

    /// <summary>What this process's page at <paramref name="address"/> is, and why.</summary>
    public PageInfo Describe(long address)
    {
        long vpn = address / PageSize;
        var region = address < 0 ? null : Space.Find(vpn);
        if (region is null)
            return new PageInfo(address, vpn, null, PageState.DemandZero, -1, false, false, false, false, 0, -1, null, 0,
                                $"0x{address:x}: not mapped (any access is a segmentation fault)");
        var pte = Space.Entry(vpn);
        var state = pte?.State ?? (region.IsAnonymous ? PageState.DemandZero : PageState.FileBacked);
        int frame = pte?.Frame ?? -1;
        int share = frame >= 0 ? Machine.Memory.ShareCount(frame) : 0;
        string? file = region.File?.Path;
        long filePage = region.File is null ? -1 : region.FilePageOf(vpn);
        string why = state switch
        {
            PageState.Present when frame == PhysicalMemory.ZeroFrame => "present: the shared zero page, read-only",
            PageState.Present => $"present in frame {frame} (share count {share}){(pte!.CopyOnWrite ? ", copy-on-write" : "")}{(pte.Writable ? ", writable" : ", read-only")}{(pte.Dirty ? ", dirty" : "")}",
            PageState.DemandZero => pte is null ? "not present: never touched, demand-zero" : "not present: demand-zero (dropped while all zeros)",
            PageState.FileBacked => $"not present: file-backed, {file} page {filePage}",
            PageState.Swapped => $"not present: swapped, slot {pte!.SwapSlot}",
            _ => $"not present: lazy copy from pid {pte!.LazySource!.Pid} at first touch",
        };
        return new PageInfo(address, vpn, region, state, frame, pte?.Writable ?? false, pte?.CopyOnWrite ?? false,
                            pte?.Dirty ?? false, pte?.Referenced ?? false, share, pte?.SwapSlot ?? -1, file, filePage,
                            $"0x{address:x} ({region.Name}): {why}");
    }

    /// <summary>The share count of the frame behind <paramref name="address"/> (0 if not present or the zero page).</summary>
    public int ShareCount(long address) => Describe(address).ShareCount;

    /// <summary>The frame behind <paramref name="address"/>, or null if the page is not present.</summary>
    public int? FrameOf(long address) => Describe(address) is { Valid: true } d ? d.Frame : null;

    /// <summary>Pages of this process present in a frame of its own or shared (the zero page not counted): its RSS.</summary>
    public int ResidentPages => Space.PageTable.Values.Count(e => e.State == PageState.Present && e.Frame >= 0);

    /// <summary>
    /// Pages of [address, address + pages × page size) whose entry is present: a frame of their own, a shared frame or
    /// the zero page, as /proc/PID/pagemap's present bit counts them. Cost is in the entries, not the range's size.
    /// </summary>
    public long PresentPages(long address, long pages) => EntriesPresentIn(address, pages).LongCount();

    /// <summary>Pages of the range whose frame is mapped by more than one page-table entry (share count ≥ 2).</summary>
    public long SharedPages(long address, long pages) =>
        EntriesPresentIn(address, pages).LongCount(e => e.Frame >= 0 && Machine.Memory.ShareCount(e.Frame) >= 2);

    // Walks whichever is smaller: the range, or the page table (a terabyte region has few entries).
    private IEnumerable<PageTableEntry> EntriesPresentIn(long address, long pages)
    {
        long first = address / PageSize, end = first + pages;
        var table = Space.PageTable;
        if (pages > table.Count)
            return table.Where(kv => kv.Key >= first && kv.Key < end && kv.Value.State == PageState.Present).Select(kv => kv.Value);
        return RangeEntries(first, end).Where(e => e.State == PageState.Present);
    }

    private IEnumerable<PageTableEntry> RangeEntries(long first, long end)
    {
        for (long vpn = first; vpn < end; vpn++)
            if (Space.PageTable.TryGetValue(vpn, out var pte)) yield return pte;
    }

    /// <summary>Entries currently mapped to the shared zero page.</summary>
    public int ZeroPageMappings => Space.PageTable.Values.Count(e => e.State == PageState.Present && e.Frame == PhysicalMemory.ZeroFrame);

    /// <summary>For the broken lazy fork: this (parent) process's page as it is now, faulting it in if needed.</summary>
    internal byte[]? PageContentsForLazyCopy(long vpn)
    {
        var region = Space.Find(vpn);
        if (region is null || (region.Protection & Protection.Read) == 0) return null;
        var r = Access(vpn * PageSize, AccessKind.Read, prefault: true);
        if (!r.Succeeded) return null;
        return Machine.Memory.Contents(Space.PageTable[vpn].Frame);
    }

    // One system call or access: the process must be alive; when the outermost step returns, the machine checks its
    // invariants if MachineOptions.CheckInvariants asks it to.
    private Machine.StepScope BeginStep(string call)
    {
        EnsureAlive(call);
        return Machine.BeginStep();
    }

    private void EnsureAlive(string call)
    {
        if (!IsAlive) throw new ModelSyscallException($"{call} by pid {Pid}", ModelErrno.ESRCH, "the process has exited");
    }

    public override string ToString() => $"pid {Pid} ({Name})";
}
