namespace MmapToolkit.Model.Kernel;

public sealed partial class Process
{
    internal long HeapStartPage;

    /// <summary>The current program break (end of the heap), in bytes.</summary>
    public long Break { get; private set; }

    /// <summary>
    /// mmap: maps <paramref name="length"/> bytes (rounded up to pages) and returns the start address. Without
    /// <see cref="MapFlags.Fixed"/> the address is a hint (used if free, else the highest free range below
    /// <see cref="Layout.MmapTop"/>); with it, the mapping goes exactly there, replacing what was mapped.
    /// </summary>
    public long Mmap(long address, long length, Protection protection, MapFlags flags, int fd = -1, long offset = 0)
    {
        using var step = BeginStep("mmap");
        string call = $"mmap(0x{address:x}, {length}, {Region.ProtectionText(protection)}, {flags})";
        bool shared = (flags & MapFlags.Shared) != 0, priv = (flags & MapFlags.Private) != 0;
        if (shared == priv) throw new ModelSyscallException(call, ModelErrno.EINVAL, "exactly one of SHARED and PRIVATE is required");
        if (length <= 0) throw new ModelSyscallException(call, ModelErrno.EINVAL, "length must be positive");
        if (offset < 0 || offset % PageSize != 0) throw new ModelSyscallException(call, ModelErrno.EINVAL, "offset must be a multiple of the page size");
        if ((flags & MapFlags.Fixed) != 0 && address % PageSize != 0) throw new ModelSyscallException(call, ModelErrno.EINVAL, "MAP_FIXED address not page-aligned");
        long pages = (length + PageSize - 1) / PageSize;
        ModelFile? file = null;
        bool fileWritable = false;
        if ((flags & MapFlags.Anonymous) != 0)
        {
            if (shared) file = Machine.Files.CreateAnonymousShared(pages);
            offset = 0;
        }
        else
        {
            var open = OpenFile(fd, call);
            if (open.Flags == OpenFlags.WriteOnly) throw new ModelSyscallException(call, ModelErrno.EACCES, "the descriptor is not open for reading");
            if (shared && (protection & Protection.Write) != 0 && !open.Writable)
                throw new ModelSyscallException(call, ModelErrno.EACCES, "a shared writable mapping needs a descriptor open for writing");
            // No ETXTBSY check here, as in Linux (checked on 6.18): mmap never denies writers. A running program cannot
            // be mapped MAP_SHARED with PROT_WRITE anyway: that needs a descriptor open for writing, which open() refuses
            // (ETXTBSY) while the program runs, and with a read-only descriptor mmap fails with EACCES just above.
            // (MAP_DENYWRITE, which long ago made mmap deny writers, is ignored.)
            file = open.File;
            fileWritable = open.Writable;
        }
        long start;
        if ((flags & MapFlags.Fixed) != 0)
        {
            start = address / PageSize;
            Unmap(start, start + pages);
        }
        else if (address > 0 && address % PageSize == 0 && Space.IsFree(address / PageSize, pages))
        {
            start = address / PageSize;
        }
        else
        {
            start = Space.FindGapBelow(Layout.MmapTop / PageSize, pages);
        }
        string name = file is null ? "[anon]" : file.IsAnonymousShared ? "[anon shared]" : file.Path;
        var region = new Region(RegionKind.Mmap, start, pages, protection, shared, file, offset / PageSize, fileWritable, name);
        Space.Insert(region);
        if ((flags & MapFlags.Populate) != 0 && protection != Protection.None) Populate(region);
        return start * PageSize;
    }

    /// <summary>munmap: removes every page covered by [address, address+length). Later accesses are segmentation faults.
    /// Dirty pages of shared file mappings are written back first (as the notes say munmap implies msync).</summary>
    public void Munmap(long address, long length)
    {
        using var step = BeginStep("munmap");
        var (s, e) = Range("munmap", address, length);
        Unmap(s, e);
    }

    /// <summary>mprotect: changes the protection of every page covered; the whole range must be mapped (else ENOMEM).</summary>
    public void Mprotect(long address, long length, Protection protection)
    {
        using var step = BeginStep("mprotect");
        string call = $"mprotect(0x{address:x}, {length}, {Region.ProtectionText(protection)})";
        var (s, e) = Range(call, address, length);
        RequireMapped(call, s, e);
        foreach (var r in Space.Regions.Where(r => r.StartPage < e && s < r.EndPage))
            if (r.Shared && r.File is { IsAnonymousShared: false } && (protection & Protection.Write) != 0 && !r.FileOpenForWrite)
                throw new ModelSyscallException(call, ModelErrno.EACCES, $"{r.File.Path} was not opened for writing");
        foreach (var r in Space.Carve(s, e))
        {
            r.Protection = protection;
            foreach (var (vpn, pte) in EntriesIn(r.StartPage, r.EndPage))
                if (pte.State == PageState.Present)
                    pte.Writable = (protection & Protection.Write) != 0 && pte.Frame >= 0 && (r.Shared || !pte.CopyOnWrite);
        }
    }

    /// <summary>
    /// msync: writes the dirty pages of shared file mappings in the range back to their files. With
    /// <see cref="SyncMode.Sync"/> they are written before it returns; with <see cref="SyncMode.Async"/> they are queued
    /// for the flusher (<see cref="Machine.Writeback"/>). Returns the number of pages written or queued.
    /// </summary>
    public int Msync(long address, long length, SyncMode mode)
    {
        using var step = BeginStep("msync");
        string call = $"msync(0x{address:x}, {length}, {mode})";
        var (s, e) = Range(call, address, length);
        RequireMapped(call, s, e);
        int count = 0;
        foreach (var r in Space.Regions.Where(r => r.Shared && r.File is { IsAnonymousShared: false } && r.StartPage < e && s < r.EndPage).ToList())
            foreach (var (_, pte) in EntriesIn(Math.Max(s, r.StartPage), Math.Min(e, r.EndPage)))
            {
                if (pte.State != PageState.Present || pte.Frame < 0) continue;
                var info = Machine.Memory[pte.Frame];
                if (!Machine.IsDirty(info)) continue;
                if (mode == SyncMode.Sync) Machine.WriteBack(info, this);
                else info.WritebackQueued = true;
                count++;
            }
        return count;
    }

    /// <summary>
    /// madvise. NORMAL, RANDOM and SEQUENTIAL set the readahead window of the regions (1 page for RANDOM, twice the
    /// normal window for SEQUENTIAL). WILLNEED pre-pages: file pages are read into the page cache and swapped pages
    /// into the swap cache, using free frames only, so the next touch is a minor fault. DONTNEED drops the pages:
    /// private anonymous pages read back as zeros, private file pages come back from the file, shared pages stay in
    /// the page cache.
    /// </summary>
    public void Madvise(long address, long length, Advice advice)
    {
        using var step = BeginStep("madvise");
        string call = $"madvise(0x{address:x}, {length}, {advice})";
        var (s, e) = Range(call, address, length);
        RequireMapped(call, s, e);
        switch (advice)
        {
            case Advice.Normal or Advice.Random or Advice.Sequential:
                foreach (var r in Space.Carve(s, e)) r.Advice = advice;
                break;
            case Advice.WillNeed:
                WillNeed(s, e);
                break;
            case Advice.DontNeed:
                foreach (var (vpn, pte) in EntriesIn(s, e))
                {
                    Machine.Detach(this, vpn, pte);
                    Space.PageTable.Remove(vpn);
                }
                break;
        }
    }

    /// <summary>brk: moves the end of the heap to <paramref name="newBreak"/> (0 just asks) and returns the break, which
    /// stays where it was if the request is impossible, as Linux's brk does. Shrinking frees the pages.</summary>
    public long Brk(long newBreak)
    {
        using var step = BeginStep("brk");
        if (newBreak == 0 || newBreak < HeapStartPage * PageSize) return Break;
        long oldEnd = (Break + PageSize - 1) / PageSize, newEnd = (newBreak + PageSize - 1) / PageSize;
        var heap = Space.Regions.FirstOrDefault(r => r.Kind == RegionKind.Heap);
        if (newEnd > oldEnd)
        {
            if (!Space.IsFree(oldEnd, newEnd - oldEnd)) return Break;
            if (heap is not null && heap.EndPage == oldEnd) heap.Pages += newEnd - oldEnd;
            else Space.Insert(new Region(RegionKind.Heap, oldEnd, newEnd - oldEnd, Protection.ReadWrite, false, null, 0, false, "[heap]"));
        }
        else if (newEnd < oldEnd)
        {
            Unmap(newEnd, oldEnd);
        }
        Break = newBreak;
        return Break;
    }

    private void Populate(Region region)
    {
        var kind = (region.Protection & Protection.Write) != 0 && !region.Shared ? AccessKind.Write : AccessKind.Read;
        for (long vpn = region.StartPage; vpn < region.EndPage; vpn++)
        {
            if (region.File is { IsAnonymousShared: false } f && region.FilePageOf(vpn) * PageSize >= f.Length) break;
            Access(vpn * PageSize, kind, prefault: true);
        }
    }

    private void WillNeed(long s, long e)
    {
        foreach (var r in Space.Regions.Where(r => r.StartPage < e && s < r.EndPage).ToList())
            for (long vpn = Math.Max(s, r.StartPage); vpn < Math.Min(e, r.EndPage); vpn++)
            {
                if (Machine.FreeFrameCount == 0) return;
                var pte = Space.Entry(vpn);
                if (pte is { State: PageState.Swapped } && !Machine.SwapCache.ContainsKey(pte.SwapSlot))
                {
                    Machine.FaultHandler.SwapIn(this, pte.SwapSlot, prefault: true);
                }
                else if (r.File is { IsAnonymousShared: false } f && (pte is null || pte.State == PageState.FileBacked))
                {
                    long index = r.FilePageOf(vpn);
                    if (index * PageSize < f.Length && !f.PageCache.ContainsKey(index))
                        Machine.FaultHandler.Prefetch(this, f, index);
                }
            }
    }

    /// <summary>Removes pages [s, e) from the address space (writing back dirty shared file pages first).</summary>
    internal void Unmap(long s, long e)
    {
        foreach (var r in Space.Carve(s, e))
        {
            foreach (var (vpn, pte) in EntriesIn(r.StartPage, r.EndPage))
            {
                if (r.Shared && r.File is { IsAnonymousShared: false } && pte.State == PageState.Present && pte.Frame >= 0)
                {
                    var info = Machine.Memory[pte.Frame];
                    if (Machine.IsDirty(info)) Machine.WriteBack(info, this);
                }
                Machine.Detach(this, vpn, pte);
                Space.PageTable.Remove(vpn);
            }
            Space.Remove(r);
        }
    }

    /// <summary>The entries of pages [s, e), by ascending page number (a snapshot: callers remove entries while walking).
    /// Walks the range when it is no longer than the table, else filters and sorts the table.</summary>
    private List<(long Vpn, PageTableEntry Pte)> EntriesIn(long s, long e)
    {
        var table = Space.PageTable;
        if (e - s > table.Count)
            return table.Where(kv => kv.Key >= s && kv.Key < e).OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToList();
        var entries = new List<(long, PageTableEntry)>();
        for (long vpn = s; vpn < e; vpn++)
            if (table.TryGetValue(vpn, out var pte)) entries.Add((vpn, pte));
        return entries;
    }

    private (long Start, long End) Range(string call, long address, long length)
    {
        if (address < 0 || address % PageSize != 0) throw new ModelSyscallException(call, ModelErrno.EINVAL, "address not page-aligned");
        if (length <= 0) throw new ModelSyscallException(call, ModelErrno.EINVAL, "length must be positive");
        return (address / PageSize, (address + length + PageSize - 1) / PageSize);
    }

    private void RequireMapped(string call, long s, long e)
    {
        for (long vpn = s; vpn < e;)
        {
            var r = Space.Find(vpn) ?? throw new ModelSyscallException(call, ModelErrno.ENOMEM, $"page 0x{vpn:x} in the range is not mapped");
            vpn = r.EndPage;
        }
    }
}
