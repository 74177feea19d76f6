namespace MmapToolkit.Model.Kernel;

public sealed partial class Machine
{
    private int _stepDepth;

    /// <summary>
    /// Checks that the machine's bookkeeping agrees with itself, and throws an <see cref="InvalidOperationException"/>
    /// naming every broken invariant (up to ten) if it does not:
    /// <list type="bullet">
    /// <item>each frame's share count equals its reverse-map entries, and they are exactly the page-table entries of
    /// live processes that map the frame;</item>
    /// <item>the free frames are exactly the frames not in use, and a free frame holds nothing; an anonymous frame is
    /// mapped by at least one entry; a page-cache frame is its file's cached page, and the reverse;</item>
    /// <item>each swap slot's reference count equals the swapped page-table entries that refer to it plus one for the
    /// frame that caches it; no entry refers to a free slot.</item>
    /// </list>
    /// </summary>
    public void CheckInvariants()
    {
        var broken = new List<string>();
        void Broken(string invariant, string detail) => broken.Add($"{invariant}: {detail}");

        // What the page tables say: who maps each frame, and how many entries refer to each swap slot.
        var mappers = new Dictionary<int, List<FrameMapping>>();
        var slotRefs = new Dictionary<int, int>();
        foreach (var p in _processes)
        {
            if (!p.IsAlive) Broken("process list", $"pid {p.Pid} has exited but is still listed");
            foreach (var (vpn, pte) in p.Space.PageTable)
            {
                string entry = $"pid {p.Pid} page 0x{vpn:x}";
                if (pte.State == PageState.Present)
                {
                    if (pte.Frame == PhysicalMemory.ZeroFrame)
                    {
                        if (pte.Writable) Broken("zero page read-only", $"{entry} maps the zero page writable");
                    }
                    else if (pte.Frame < 0 || pte.Frame >= Memory.Frames)
                        Broken("present entries map a frame", $"{entry} is present with frame {pte.Frame}");
                    else
                    {
                        if (!mappers.TryGetValue(pte.Frame, out var list)) mappers[pte.Frame] = list = [];
                        list.Add(new FrameMapping(p, vpn));
                    }
                }
                else if (pte.Frame != -1)
                    Broken("present entries map a frame", $"{entry} is {pte.State} but still names frame {pte.Frame}");
                if (pte.State == PageState.Swapped)
                {
                    if (pte.SwapSlot < 0 || pte.SwapSlot >= Swap.SlotCount)
                        Broken("swap slot reference counts", $"{entry} is swapped to slot {pte.SwapSlot}, which does not exist");
                    else slotRefs[pte.SwapSlot] = slotRefs.GetValueOrDefault(pte.SwapSlot) + 1;
                }
            }
        }

        var files = new HashSet<ModelFile>(Files.Files);
        foreach (var p in _processes)
            foreach (var r in p.Space.Regions)
                if (r.File is not null) files.Add(r.File);

        for (int f = 0; f < Memory.Frames; f++)
        {
            var info = Memory[f];
            List<FrameMapping> byTables = mappers.GetValueOrDefault(f) ?? [];
            bool onFreeList = Memory.IsOnFreeList(f);
            if (onFreeList != (info.Use == FrameUse.Free))
                Broken("free frames disjoint from used",
                       $"frame {f} is {(onFreeList ? "on" : "off")} the free list but its use is {info.Use}");
            if (info.ShareCount != byTables.Count)
                Broken("share count = page-table entries",
                       $"frame {f} has share count {info.ShareCount} but {byTables.Count} page-table entries map it ({Names(byTables)})");
            else if (!new HashSet<FrameMapping>(info.Mappings).SetEquals(byTables))
                Broken("reverse map = page-table entries",
                       $"frame {f}'s reverse map lists {Names(info.Mappings)}; the page tables map it from {Names(byTables)}");
            switch (info.Use)
            {
                case FrameUse.Free when info.File is not null || info.SwapSlot >= 0 || info.Mappings.Count > 0:
                    Broken("free frames hold nothing", $"frame {f} is free but still has a file, a swap slot or mappings");
                    break;
                case FrameUse.Anonymous when info.Mappings.Count == 0:
                    Broken("anonymous frames are mapped", $"frame {f} is anonymous but no page-table entry maps it (a leak)");
                    break;
                case FrameUse.PageCache when info.File is null
                                          || !info.File.PageCache.TryGetValue(info.FileIndex, out int cached) || cached != f:
                    Broken("page cache", $"frame {f} says it caches {info.File?.Path ?? "no file"} page {info.FileIndex}, which is not cached there");
                    break;
            }
            if (info.File is not null) files.Add(info.File);
            if (info.SwapSlot >= 0)
            {
                if (info.Use != FrameUse.Anonymous || !SwapCache.TryGetValue(info.SwapSlot, out int cachedIn) || cachedIn != f)
                    Broken("swap cache", $"frame {f} ({info.Use}) claims swap slot {info.SwapSlot}, which the swap cache does not give to it");
                if (info.SwapSlot < Swap.SlotCount) slotRefs[info.SwapSlot] = slotRefs.GetValueOrDefault(info.SwapSlot) + 1;
            }
        }

        foreach (var (slot, frame) in SwapCache)
            if (frame < 0 || frame >= Memory.Frames || Memory[frame].SwapSlot != slot)
                Broken("swap cache", $"slot {slot} is cached in frame {frame}, which does not hold it");

        foreach (var file in files)
            foreach (var (index, frame) in file.PageCache)
                if (frame < 0 || frame >= Memory.Frames || Memory[frame] is not { Use: FrameUse.PageCache } info
                    || info.File != file || info.FileIndex != index)
                    Broken("page cache", $"{file.Path} page {index} is cached in frame {frame}, which holds something else");

        int usedSlots = 0;
        for (int slot = 0; slot < Swap.SlotCount; slot++)
        {
            int refs = slotRefs.GetValueOrDefault(slot);
            if (Swap.IsFree(slot))
            {
                if (refs > 0) Broken("swap slot reference counts", $"slot {slot} is free but {refs} page-table entries or frames refer to it");
                continue;
            }
            usedSlots++;
            if (Swap.RefCount(slot) != refs)
                Broken("swap slot reference counts",
                       $"slot {slot} has reference count {Swap.RefCount(slot)} but {refs} swapped entries and caching frames refer to it");
        }
        if (usedSlots != Swap.UsedSlots)
            Broken("swap slot reference counts", $"{Swap.UsedSlots} slots counted as used, {usedSlots} are not free");

        if (broken.Count > 0)
            throw new InvalidOperationException(
                $"the model's state is inconsistent ({broken.Count} broken): " + string.Join("; ", broken.Take(10)));
    }

    private static string Names(IEnumerable<FrameMapping> mappings)
    {
        var names = mappings.Select(m => $"pid {m.Process.Pid} page 0x{m.Vpn:x}").ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>Brackets one public operation (a system call or an access); operations nest (exit closes files).</summary>
    internal StepScope BeginStep()
    {
        _stepDepth++;
        return new StepScope(this);
    }

    private void EndStep()
    {
        if (--_stepDepth == 0 && Options.CheckInvariants) CheckInvariants();
    }

    internal readonly struct StepScope(Machine machine) : IDisposable
    {
        public void Dispose() => machine.EndStep();
    }
}
