namespace MmapToolkit.Model.Kernel;

/// <summary>
/// The model's small in-memory file system: data files, programs and shared libraries by path. It knows which files
/// are being executed and which are open for writing, which is all ETXTBSY needs.
/// </summary>
public sealed class FileSystem
{
    private readonly Dictionary<string, ModelFile> _files = new(StringComparer.Ordinal);
    private readonly PhysicalMemory _memory;
    private int _nextId = 1;

    internal FileSystem(PhysicalMemory memory) => _memory = memory;

    public IEnumerable<ModelFile> Files => _files.Values;

    /// <summary>Creates (or replaces, if nobody uses it) a plain data file.</summary>
    public ModelFile CreateFile(string path, ReadOnlySpan<byte> contents) => Add(path, contents.ToArray(), image: null);

    /// <summary>
    /// Creates a memory file, as memfd_create or a file on tmpfs: its pages are never read from a disk, so a fault
    /// that brings one in is a minor fault, not a major one.
    /// </summary>
    public ModelFile CreateMemoryFile(string path, ReadOnlySpan<byte> contents)
    {
        var file = CreateFile(path, contents);
        file.IsInMemory = true;
        return file;
    }

    /// <summary>
    /// Creates an executable: <paramref name="text"/> and <paramref name="data"/> are each padded to whole pages and
    /// stored back to back; <paramref name="bssPages"/> pages of bss follow in memory only.
    /// </summary>
    public ModelFile CreateProgram(string path, ReadOnlySpan<byte> text, ReadOnlySpan<byte> data, int bssPages,
                                   params string[] libraries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bssPages);
        int ps = _memory.PageSize;
        int textPages = (text.Length + ps - 1) / ps;
        int dataPages = (data.Length + ps - 1) / ps;
        var bytes = new byte[(long)(textPages + dataPages) * ps];
        text.CopyTo(bytes);
        data.CopyTo(bytes.AsSpan(textPages * ps));
        return Add(path, bytes, new ProgramImage(textPages, dataPages, bssPages, libraries));
    }

    /// <summary>Creates a shared library (same layout as a program; map it with execve of a program naming it).</summary>
    public ModelFile CreateLibrary(string path, ReadOnlySpan<byte> text, ReadOnlySpan<byte> data, int bssPages)
        => CreateProgram(path, text, data, bssPages);

    public bool Exists(string path) => _files.ContainsKey(path);

    public ModelFile Get(string path, string call = "open")
        => _files.TryGetValue(path, out var f) ? f : throw new ModelSyscallException($"{call}({path})", ModelErrno.ENOENT, "no such file");

    /// <summary>The file's current contents as read() sees them: page-cache pages (possibly dirty) over the disk bytes.</summary>
    public byte[] ReadThroughCache(string path)
    {
        var file = Get(path);
        var bytes = file.DiskContents();
        int ps = _memory.PageSize;
        foreach (var (index, frame) in file.PageCache)
        {
            long start = index * ps;
            if (start >= bytes.LongLength) continue;
            int n = (int)Math.Min(ps, bytes.LongLength - start);
            Array.Copy(_memory.DataOf(frame), 0, bytes, start, n);
        }
        return bytes;
    }

    internal ModelFile CreateAnonymousShared(long pages)
    {
        var file = new ModelFile(_nextId++, $"/dev/zero (shared, #{_nextId - 1})", new byte[pages * _memory.PageSize], null, hidden: true);
        return file;
    }

    private ModelFile Add(string path, byte[] bytes, ProgramImage? image)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_files.TryGetValue(path, out var old) && (old.ExecutingCount > 0 || old.IsOpenForWriting || old.PageCache.Count > 0))
            throw new ModelSyscallException($"create({path})", ModelErrno.ETXTBSY, "the file exists and is in use");
        var file = new ModelFile(_nextId++, path, bytes, image, hidden: false);
        _files[path] = file;
        return file;
    }
}
