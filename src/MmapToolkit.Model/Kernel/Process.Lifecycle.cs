namespace MmapToolkit.Model.Kernel;

/// <summary>An open file description of a model process.</summary>
public sealed record OpenFileDescription(ModelFile File, OpenFlags Flags)
{
    public bool Writable => (Flags & (OpenFlags.WriteOnly | OpenFlags.ReadWrite | OpenFlags.Truncate)) != 0;
}

public sealed partial class Process
{
    private readonly SortedDictionary<int, OpenFileDescription> _files = new();

    public IReadOnlyDictionary<int, OpenFileDescription> OpenFiles => _files;

    /// <summary>open: ETXTBSY when opening for writing (or truncating) a file some process is executing.</summary>
    public int Open(string path, OpenFlags flags = OpenFlags.ReadOnly)
    {
        using var step = BeginStep("open");
        var file = Machine.Files.Get(path);
        var description = new OpenFileDescription(file, flags);
        if (description.Writable && file.ExecutingCount > 0)
            throw new ModelSyscallException($"open({path}, {flags})", ModelErrno.ETXTBSY,
                $"the file is being executed by {file.ExecutingCount} process{(file.ExecutingCount == 1 ? "" : "es")}");
        if (description.Writable) file.WritersCount++;
        if ((flags & OpenFlags.Truncate) != 0) file.Truncate();
        int fd = 3;
        while (_files.ContainsKey(fd)) fd++;
        _files[fd] = description;
        return fd;
    }

    public void Close(int fd)
    {
        using var step = BeginStep("close");
        var d = OpenFile(fd, $"close({fd})");
        if (d.Writable) d.File.WritersCount--;
        _files.Remove(fd);
    }

    /// <summary>write(2) at an offset (pwrite): updates the file and any of its pages in the page cache.</summary>
    public void WriteFile(int fd, long offset, ReadOnlySpan<byte> data)
    {
        using var step = BeginStep("write");
        var d = OpenFile(fd, $"write({fd})");
        if (!d.Writable) throw new ModelSyscallException($"write({fd})", ModelErrno.EBADF, "not open for writing");
        d.File.WriteBytes(offset, data);
        foreach (var (index, frame) in d.File.PageCache)
        {
            long start = index * PageSize;
            long from = Math.Max(start, offset), to = Math.Min(start + PageSize, offset + data.Length);
            if (from < to) data.Slice((int)(from - offset), (int)(to - from)).CopyTo(Machine.Memory.DataOf(frame).AsSpan((int)(from - start)));
        }
    }

    /// <summary>read(2) of the whole file through the page cache (sees shared-mapping writes not yet written back).</summary>
    public byte[] ReadFile(int fd) => Machine.Files.ReadThroughCache(OpenFile(fd, $"read({fd})").File.Path);

    /// <summary>
    /// fork: a child with a copy of this address space, made by <paramref name="strategy"/>. Shared mappings stay
    /// shared whatever the strategy. Open files are inherited.
    /// </summary>
    public Process Fork(ForkStrategy strategy = ForkStrategy.CopyOnWrite)
    {
        using var step = BeginStep("fork");
        var child = Machine.Adopt(this);
        child.Program = Program;
        if (Program is not null) Program.ExecutingCount++;
        foreach (var (fd, d) in _files)
        {
            child._files[fd] = d;
            if (d.Writable) d.File.WritersCount++;
        }
        child.HeapStartPage = HeapStartPage;
        child.Break = Break;
        foreach (var r in Space.Regions) child.Space.Insert(r.CloneAt(r.StartPage, r.Pages));
        foreach (var (vpn, pte) in Space.PageTable.OrderBy(kv => kv.Key).ToList())
        {
            var region = Space.Find(vpn)!;
            var copy = new PageTableEntry();
            child.Space.PageTable[vpn] = copy;
            switch (pte.State)
            {
                case PageState.Present when region.Shared || pte.Frame == PhysicalMemory.ZeroFrame:
                    Machine.Map(child, vpn, copy, pte.Frame, pte.Writable, copyOnWrite: false);
                    break;
                case PageState.Present when strategy == ForkStrategy.CopyOnWrite:
                    pte.Writable = false;
                    pte.CopyOnWrite = true;
                    Machine.Map(child, vpn, copy, pte.Frame, writable: false, copyOnWrite: true);
                    break;
                case PageState.Present when strategy == ForkStrategy.EagerCopy:
                    EagerCopy(child, region, vpn, pte, copy);
                    break;
                case PageState.Present:
                    copy.Clear(PageState.LazyCopy);
                    copy.LazySource = this;
                    break;
                case PageState.Swapped:
                    copy.Clear(PageState.Swapped);
                    copy.SwapSlot = pte.SwapSlot;
                    Machine.Swap.AddRef(pte.SwapSlot);
                    break;
                case PageState.LazyCopy:
                    copy.Clear(PageState.LazyCopy);
                    copy.LazySource = pte.LazySource;
                    break;
                default:
                    copy.Clear(pte.State);
                    break;
            }
        }
        Machine.Log(this, "fork", -1, $"fork ({strategy}): pid {Pid} -> child pid {child.Pid}");
        return child;
    }

    private void EagerCopy(Process child, Region region, long vpn, PageTableEntry pte, PageTableEntry copy)
    {
        var snapshot = (byte[])Machine.Memory.DataOf(pte.Frame).Clone();
        int frame = Machine.AllocateFrame(child, Machine.NewPageKey());
        var info = Machine.Memory[frame];
        info.Use = FrameUse.Anonymous;
        info.Dirty = true;
        snapshot.CopyTo(Machine.Memory.DataOf(frame), 0);
        Machine.Map(child, vpn, copy, frame, writable: (region.Protection & Protection.Write) != 0, copyOnWrite: false);
        copy.Dirty = pte.Dirty;
        Machine.Loaded(frame);
        Machine.Count(child, c => c.ForkCopies++);
    }

    /// <summary>
    /// execve: replaces the address space with <paramref name="path"/>'s program. Text is mapped read/execute from
    /// the file and loaded on demand (shared through the page cache by every process running it); data is a private
    /// copy-on-write mapping of the file; bss, heap and stack are demand-zero. Named libraries are mapped the same way.
    /// ETXTBSY if the file is open for writing, by a descriptor or by a mapping made through one (even after the
    /// descriptor was closed).
    /// </summary>
    public void Exec(string path)
    {
        using var step = BeginStep("execve");
        string call = $"execve({path})";
        var file = Machine.Files.Get(path, "execve");
        var image = file.Image ?? throw new ModelSyscallException(call, ModelErrno.ENOEXEC, "not a program");
        if (file.IsOpenForWriting)
            throw new ModelSyscallException(call, ModelErrno.ETXTBSY, $"the file is open for writing by {WritersText(file)}");
        var libraries = image.Libraries.Select(l => Machine.Files.Get(l, "execve")).ToList();
        foreach (var lib in libraries)
            if (lib.Image is null) throw new ModelSyscallException(call, ModelErrno.ENOEXEC, $"{lib.Path} is not a library");

        ReleaseAddressSpace();
        Program = file;
        file.ExecutingCount++;
        Name = Path.GetFileName(path);
        long next = MapImage(file, Layout.TextBase / PageSize, RegionKind.Text, RegionKind.Data, RegionKind.Bss);
        HeapStartPage = next;
        Break = next * PageSize;
        long stackPages = Machine.Options.StackPages;
        Space.Insert(new Region(RegionKind.Stack, Layout.StackTop / PageSize - stackPages, stackPages, Protection.ReadWrite,
                                false, null, 0, false, "[stack]"));
        foreach (var lib in libraries)
        {
            long pages = lib.Image!.TextPages + lib.Image.DataPages + lib.Image.BssPages;
            long start = Space.FindGapBelow(Layout.MmapTop / PageSize, pages);
            MapImage(lib, start, RegionKind.LibraryText, RegionKind.LibraryData, RegionKind.LibraryBss);
        }
        Machine.Log(this, "exec", -1, $"execve {path}: {image.TextPages} text, {image.DataPages} data, {image.BssPages} bss pages, nothing loaded yet");
    }

    private long MapImage(ModelFile file, long start, RegionKind text, RegionKind data, RegionKind bss)
    {
        var image = file.Image!;
        if (image.TextPages > 0)
            Space.Insert(new Region(text, start, image.TextPages, Protection.ReadExec, false, file, 0, false, $"{file.Path} text"));
        start += image.TextPages;
        if (image.DataPages > 0)
            Space.Insert(new Region(data, start, image.DataPages, Protection.ReadWrite, false, file, image.DataFileOffsetPages, false, $"{file.Path} data"));
        start += image.DataPages;
        if (image.BssPages > 0)
            Space.Insert(new Region(bss, start, image.BssPages, Protection.ReadWrite, false, null, 0, false, $"{file.Path} bss"));
        return start + image.BssPages;
    }

    /// <summary>exit: unmaps everything (writing back dirty shared file pages), closes files, stops running the program.</summary>
    public void Exit()
    {
        using var step = BeginStep("exit");
        ReleaseAddressSpace();
        foreach (var fd in _files.Keys.ToList()) Close(fd);
        IsAlive = false;
        Machine.Forget(this);
        Machine.Log(this, "exit", -1, $"pid {Pid} exited");
    }

    private void ReleaseAddressSpace()
    {
        foreach (var r in Space.Regions.ToList()) Unmap(r.StartPage, r.EndPage);
        if (Program is not null) Program.ExecutingCount--;
        Program = null;
    }

    private static string WritersText(ModelFile file)
    {
        string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
        var parts = new List<string>(2);
        if (file.WritersCount > 0) parts.Add(Count(file.WritersCount, "descriptor"));
        if (file.WriterMappings > 0) parts.Add(Count(file.WriterMappings, "mapping") + " made through a writable descriptor");
        return string.Join(" and ", parts);
    }

    private OpenFileDescription OpenFile(int fd, string call)
        => _files.TryGetValue(fd, out var d) ? d : throw new ModelSyscallException(call, ModelErrno.EBADF, $"descriptor {fd} is not open");
}
