namespace MmapToolkit.Model.Kernel;

/// <summary>
/// The page-fault handler, written like the notes' pseudocode: look up why the page is not usable and dispatch on it.
/// Not present: zero-fill it, read it from its file, read it back from swap, or (broken lazy fork) copy the parent's
/// page. Present but write-protected: copy-on-write (copy while the share count is above 1, reuse for the last
/// sharer) or replace the zero page with a fresh frame. When no frame is free, <see cref="Machine.AllocateFrame"/>
/// evicts one chosen by the replacement policy.
/// </summary>
internal sealed class PageFaultHandler(Machine machine)
{
    private PhysicalMemory Memory => machine.Memory;

    /// <summary>Resolves a fault on a page that is not present. <paramref name="pte"/> is created if the page had none.</summary>
    public AccessResult NotPresent(Process p, Region region, long vpn, AccessKind kind, bool prefault)
    {
        if (!p.Space.PageTable.TryGetValue(vpn, out var pte))
        {
            pte = new PageTableEntry();
            pte.Clear(region.IsAnonymous ? PageState.DemandZero : PageState.FileBacked);
            p.Space.PageTable[vpn] = pte;
        }
        return pte.State switch
        {
            PageState.DemandZero => DemandZero(p, region, vpn, pte, kind, prefault),
            PageState.FileBacked => FileBacked(p, region, vpn, pte, kind, prefault),
            PageState.Swapped => Swapped(p, region, vpn, pte, kind, prefault),
            PageState.LazyCopy => LazyCopy(p, region, vpn, pte, kind, prefault),
            _ => throw new InvalidOperationException($"page 0x{vpn:x} is present; not a not-present fault"),
        };
    }

    /// <summary>Resolves a write to a present page whose entry is write-protected (copy-on-write or the zero page).</summary>
    public AccessResult WriteProtected(Process p, Region region, long vpn, PageTableEntry pte, bool prefault)
    {
        long address = vpn * machine.PageSize;
        if (pte.Frame == PhysicalMemory.ZeroFrame)
        {
            int frame = NewAnonymousFrame(p);
            machine.Map(p, vpn, pte, frame, writable: true, copyOnWrite: false);
            machine.Loaded(frame);
            Written(pte);
            Bump(p, prefault, major: false, c => c.ZeroFills++);
            return Done(p, address, AccessKind.Write, FaultCause.ZeroPageWrite, FaultResolution.ZeroFilled, false, frame,
                $"write to page 0x{vpn:x} ({region.Name}) mapped to the shared zero page: gave it its own zeroed frame {frame}");
        }
        if (!pte.CopyOnWrite)
        {
            // Present and allowed by the region but write-protected without a reason to be: just allow it.
            pte.Writable = true;
            Written(pte);
            Bump(p, prefault, major: false, _ => { });
            return Done(p, address, AccessKind.Write, FaultCause.CopyOnWrite, FaultResolution.Reused, false, pte.Frame,
                $"write to page 0x{vpn:x} ({region.Name}): made writable");
        }
        var info = Memory[pte.Frame];
        int sharers = info.ShareCount;
        bool exclusive = info.Use == FrameUse.Anonymous && sharers == 1
                         && (info.SwapSlot < 0 || machine.Swap.RefCount(info.SwapSlot) == 1);
        if (exclusive)
        {
            pte.CopyOnWrite = false;
            pte.Writable = true;
            Written(pte);
            Bump(p, prefault, major: false, c => c.CowReuses++);
            return Done(p, address, AccessKind.Write, FaultCause.CopyOnWrite, FaultResolution.Reused, false, pte.Frame,
                $"write to copy-on-write page 0x{vpn:x} ({region.Name}): frame {pte.Frame} has share count 1, "
              + "so this process is the last sharer: made it writable again, no copy");
        }
        int old = pte.Frame;
        string why = info.Use == FrameUse.PageCache
            ? $"frame {old} is {info.File!.Path}'s page-cache page, which a private mapping never writes"
            : $"frame {old} has share count {sharers}";
        int copy = CopyInto(p, vpn, pte, Memory.DataOf(old));
        Bump(p, prefault, major: false, c => c.CowCopies++);
        return Done(p, address, AccessKind.Write, FaultCause.CopyOnWrite, FaultResolution.Copied, false, copy,
            $"write to copy-on-write page 0x{vpn:x} ({region.Name}): {why}; copied it to frame {copy}, "
          + $"the old frame's share count drops to {(old >= 0 ? Memory.ShareCount(old) : 0)}");
    }

    private AccessResult DemandZero(Process p, Region region, long vpn, PageTableEntry pte, AccessKind kind, bool prefault)
    {
        long address = vpn * machine.PageSize;
        if (kind != AccessKind.Write && machine.Options.UseZeroPage)
        {
            machine.Map(p, vpn, pte, PhysicalMemory.ZeroFrame, writable: false, copyOnWrite: false);
            Bump(p, prefault, major: false, c => c.ZeroPageMaps++);
            return Done(p, address, kind, FaultCause.DemandZero, FaultResolution.ZeroPageMapped, false, PhysicalMemory.ZeroFrame,
                $"read of never-touched page 0x{vpn:x} ({region.Name}): mapped the shared zero page read-only (no frame used)");
        }
        int frame = NewAnonymousFrame(p);
        machine.Map(p, vpn, pte, frame, writable: (region.Protection & Protection.Write) != 0, copyOnWrite: false);
        machine.Loaded(frame);
        if (kind == AccessKind.Write) Written(pte);
        Bump(p, prefault, major: false, c => c.ZeroFills++);
        return Done(p, address, kind, FaultCause.DemandZero, FaultResolution.ZeroFilled, false, frame,
            $"{Verb(kind)} never-touched page 0x{vpn:x} ({region.Name}): demand-zero, allocated and zeroed frame {frame}");
    }

    private AccessResult FileBacked(Process p, Region region, long vpn, PageTableEntry pte, AccessKind kind, bool prefault)
    {
        long address = vpn * machine.PageSize;
        var file = region.File!;
        long index = region.FilePageOf(vpn);
        if (!file.IsAnonymousShared && index * machine.PageSize >= file.Length)
        {
            p.Space.PageTable.Remove(vpn);
            return Segv(p, address, kind, FaultCause.BeyondEndOfFile, FaultResolution.BusError,
                $"{Verb(kind)} page 0x{vpn:x} ({region.Name}): page {index} lies beyond the end of {file.Path} ({file.Length} bytes): SIGBUS");
        }
        bool major = !file.PageCache.TryGetValue(index, out int frame);
        string source;
        if (major)
        {
            frame = LoadFilePage(p, file, index, prefault, out source);
            major = source == "read";
            ReadAhead(p, region, file, index);
        }
        else
        {
            source = "cache";
        }
        string from = source switch
        {
            "read" => $"read page {index} of {file.Path} from the file into frame {frame} (major fault)",
            "zero" => $"first touch of shared anonymous page {index}: zeroed frame {frame}",
            "memory" => $"page {index} of memory file {file.Path} lives in memory, no disk read: mapped it in frame {frame}",
            _ => $"page {index} of {file.Path} was already in the page cache in frame {frame}: mapped it (share count now {Memory.ShareCount(frame) + 1})",
        };
        var resolution = major ? FaultResolution.ReadFromFile : source == "zero" ? FaultResolution.ZeroFilled : FaultResolution.PageCacheHit;
        bool canWrite = (region.Protection & Protection.Write) != 0;
        if (region.Shared)
        {
            machine.Map(p, vpn, pte, frame, writable: canWrite, copyOnWrite: false);
            if (kind == AccessKind.Write) Written(pte);
            Bump(p, prefault, major, _ => { });
            return Done(p, address, kind, FaultCause.FileBacked, resolution, major, frame,
                $"{Verb(kind)} page 0x{vpn:x} ({region.Name}, shared): {from}");
        }
        if (kind != AccessKind.Write)
        {
            machine.Map(p, vpn, pte, frame, writable: false, copyOnWrite: true);
            Bump(p, prefault, major, _ => { });
            return Done(p, address, kind, FaultCause.FileBacked, resolution, major, frame,
                $"{Verb(kind)} page 0x{vpn:x} ({region.Name}, private): {from}, "
              + (canWrite ? "read-only so that a write will copy it" : "read-only"));
        }
        int copy = CopyInto(p, vpn, pte, Memory.DataOf(frame));
        Bump(p, prefault, major, c => c.CowCopies++);
        return Done(p, address, kind, FaultCause.FileBacked, FaultResolution.Copied, major, copy,
            $"write to page 0x{vpn:x} ({region.Name}, private): {from}, then copied it to private frame {copy} (the file never sees this write)");
    }

    private AccessResult Swapped(Process p, Region region, long vpn, PageTableEntry pte, AccessKind kind, bool prefault)
    {
        long address = vpn * machine.PageSize;
        int slot = pte.SwapSlot;
        bool major = !machine.SwapCache.TryGetValue(slot, out int frame);
        if (major) frame = SwapIn(p, slot, prefault);
        var info = Memory[frame];
        machine.Swap.Release(slot);          // this entry's reference; the swap cache keeps the slot alive
        pte.SwapSlot = -1;
        bool exclusive = info.ShareCount == 0 && machine.Swap.RefCount(slot) == 1;
        bool canWrite = (region.Protection & Protection.Write) != 0;
        machine.Map(p, vpn, pte, frame, writable: canWrite && exclusive, copyOnWrite: !exclusive);
        string from = major
            ? $"read it back from swap slot {slot} into frame {frame} (major fault)"
            : $"swap slot {slot} was still in memory in frame {frame} (swap cache): mapped it";
        var resolution = major ? FaultResolution.SwappedIn : FaultResolution.SwapCacheHit;
        if (kind == AccessKind.Write)
        {
            if (exclusive)
            {
                Written(pte);
            }
            else
            {
                int copy = CopyInto(p, vpn, pte, Memory.DataOf(frame));
                Bump(p, prefault, major, c => c.CowCopies++);
                return Done(p, address, kind, FaultCause.Swapped, FaultResolution.Copied, major, copy,
                    $"write to page 0x{vpn:x} ({region.Name}): {from}; still shared, so copied it to frame {copy}");
            }
        }
        Bump(p, prefault, major, _ => { });
        return Done(p, address, kind, FaultCause.Swapped, resolution, major, frame,
            $"{Verb(kind)} page 0x{vpn:x} ({region.Name}): {from}{(exclusive ? "" : ", shared copy-on-write")}");
    }

    private AccessResult LazyCopy(Process p, Region region, long vpn, PageTableEntry pte, AccessKind kind, bool prefault)
    {
        long address = vpn * machine.PageSize;
        var parent = pte.LazySource!;
        byte[]? now = parent.IsAlive ? parent.PageContentsForLazyCopy(vpn) : null;
        int frame = NewAnonymousFrame(p);
        if (now is not null) now.CopyTo(Memory.DataOf(frame), 0);
        machine.Map(p, vpn, pte, frame, writable: (region.Protection & Protection.Write) != 0, copyOnWrite: false);
        Memory[frame].Dirty = true;        // the copy exists nowhere else
        machine.Loaded(frame);
        if (kind == AccessKind.Write) Written(pte);
        Bump(p, prefault, major: false, c => c.ForkCopies++);
        return Done(p, address, kind, FaultCause.LazyCopy, FaultResolution.LazyCopied, false, frame,
            $"{Verb(kind)} page 0x{vpn:x} ({region.Name}) in a lazily copied child: copied pid {parent.Pid}'s page "
          + $"{(now is null ? "(parent gone: zeros)" : "as it is NOW, including anything the parent wrote after fork")} into frame {frame}");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private int NewAnonymousFrame(Process p)
    {
        int frame = machine.AllocateFrame(p, machine.NewPageKey());
        var info = Memory[frame];
        info.Use = FrameUse.Anonymous;
        info.Dirty = false;
        return frame;
    }

    /// <summary>Gives the entry its own anonymous frame holding a copy of <paramref name="source"/>. The source is copied
    /// first because allocating may evict the frame it lives in.</summary>
    private int CopyInto(Process p, long vpn, PageTableEntry pte, byte[] source)
    {
        var snapshot = (byte[])source.Clone();
        int frame = NewAnonymousFrame(p);
        machine.Detach(p, vpn, pte);
        snapshot.CopyTo(Memory.DataOf(frame), 0);
        machine.Map(p, vpn, pte, frame, writable: true, copyOnWrite: false);
        machine.Loaded(frame);
        Written(pte);
        return frame;
    }

    private int LoadFilePage(Process p, ModelFile file, long index, bool prefault, out string source)
    {
        int frame = machine.AllocateFrame(p, ((long)file.Id << 32) | index);
        var info = Memory[frame];
        info.Use = FrameUse.PageCache;
        info.File = file;
        info.FileIndex = index;
        file.ReadPage(index, Memory.DataOf(frame));
        file.PageCache[index] = frame;
        machine.Loaded(frame);
        if (file.IsAnonymousShared)
        {
            bool wasSwapped = file.SwappedOut.Contains(index);
            source = wasSwapped ? "read" : "zero";
            machine.Count(p, wasSwapped ? c => c.SwapIns++ : c => c.ZeroFills++);
        }
        else if (file.IsInMemory)
        {
            source = "memory";
        }
        else
        {
            source = "read";
            machine.Count(p, c => c.FileReads++);
        }
        return frame;
    }

    /// <summary>Reads the pages after a faulting file page into the page cache (not mapped), using free frames only.</summary>
    private void ReadAhead(Process p, Region region, ModelFile file, long index)
    {
        if (file.IsAnonymousShared) return;
        int window = region.Advice switch
        {
            Advice.Random => 1,
            Advice.Sequential => 2 * machine.Options.ReadaheadPages,
            _ => machine.Options.ReadaheadPages,
        };
        for (long i = index + 1; i < index + window; i++)
        {
            if (i * machine.PageSize >= file.Length || machine.FreeFrameCount == 0) break;
            if (file.PageCache.ContainsKey(i)) continue;
            LoadFilePage(p, file, i, prefault: true, out _);
            machine.Count(p, c => c.ReadaheadPages++);
        }
    }

    /// <summary>Reads a file page into the page cache without mapping it (MADV_WILLNEED).</summary>
    internal void Prefetch(Process p, ModelFile file, long index) => LoadFilePage(p, file, index, prefault: true, out _);

    internal int SwapIn(Process p, int slot, bool prefault)
    {
        int frame = machine.AllocateFrame(p, machine.SlotKeys.GetValueOrDefault(slot, machine.NewPageKey()));
        var info = Memory[frame];
        info.Use = FrameUse.Anonymous;
        info.Dirty = false;
        machine.Swap.DataOf(slot).CopyTo(Memory.DataOf(frame), 0);
        info.SwapSlot = slot;
        machine.Swap.AddRef(slot);
        machine.SwapCache[slot] = frame;
        machine.Loaded(frame);
        machine.Count(p, c => c.SwapIns++);
        return frame;
    }

    /// <summary>What the hardware does on a write through a writable entry: set dirty bits; a swap copy is now stale.</summary>
    internal void Written(PageTableEntry pte)
    {
        pte.Dirty = true;
        pte.Referenced = true;
        if (pte.Frame < 0) return;
        var info = Memory[pte.Frame];
        info.Dirty = true;
        if (info.Use == FrameUse.Anonymous && info.SwapSlot >= 0) machine.ReleaseSwapCopy(info);
    }

    private void Bump(Process p, bool prefault, bool major, Action<VmCounters> extra)
    {
        machine.Count(p, extra);
        if (prefault) return;   // MAP_POPULATE / WILLNEED work is not a fault the process took
        machine.Count(p, major ? c => c.MajorFaults++ : c => c.MinorFaults++);
    }

    private AccessResult Done(Process p, long address, AccessKind kind, FaultCause cause, FaultResolution resolution,
                              bool major, int frame, string text)
    {
        machine.Log(p, "fault", address, text);
        return new AccessResult(p.Pid, address, kind, cause, resolution, major, frame, text);
    }

    internal AccessResult Segv(Process p, long address, AccessKind kind, FaultCause cause, FaultResolution resolution, string text)
    {
        machine.Count(p, c => c.SegmentationFaults++);
        machine.Log(p, "segv", address, text);
        return new AccessResult(p.Pid, address, kind, cause, resolution, false, -1, text);
    }

    private static string Verb(AccessKind kind) => kind switch
    {
        AccessKind.Read => "read of",
        AccessKind.Write => "write to",
        _ => "execute from",
    };
}
