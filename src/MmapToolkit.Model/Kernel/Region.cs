namespace MmapToolkit.Model.Kernel;

/// <summary>
/// A virtual memory area: pages [StartPage, StartPage + Pages) with one protection, one kind of sharing and one backing:
/// a file (and the page offset in it of <see cref="StartPage"/>) or anonymous memory.
/// </summary>
public sealed class Region
{
    internal Region(RegionKind kind, long startPage, long pages, Protection protection, bool shared, ModelFile? file,
                    long filePageOffset, bool fileOpenForWrite, string name)
    {
        Kind = kind;
        StartPage = startPage;
        Pages = pages;
        Protection = protection;
        Shared = shared;
        File = file;
        FilePageOffset = filePageOffset;
        FileOpenForWrite = fileOpenForWrite;
        Name = name;
    }

    public RegionKind Kind { get; }
    public long StartPage { get; internal set; }
    public long Pages { get; internal set; }
    public long EndPage => StartPage + Pages;
    public Protection Protection { get; internal set; }
    public bool Shared { get; }
    /// <summary>The backing file (for MAP_SHARED|MAP_ANONYMOUS, a hidden shared-memory object), or null for anonymous memory.</summary>
    public ModelFile? File { get; }
    public long FilePageOffset { get; internal set; }
    internal bool FileOpenForWrite { get; }

    // As a vma holds the struct file it was mapped through: a region mapped through a descriptor open for writing keeps
    // the file open for writing (Linux's i_writecount stays raised, so execve of it fails with ETXTBSY) until the region
    // goes, whatever its sharing or protection. Checked on Linux 6.18: a MAP_SHARED PROT_READ|PROT_WRITE mapping, a
    // MAP_SHARED PROT_READ one and a MAP_PRIVATE one, each made through an O_RDWR descriptor that was then closed, all
    // make execve fail with ETXTBSY; mprotect to PROT_READ does not help; munmap of the last page, exit, or a MAP_FIXED
    // mapping over it does. Every region (each piece of a split, a fork child's copy) holds its own reference, taken
    // when it enters an address space and released once when it leaves.
    private bool _holdsWriter;

    internal void AcquireWriter()
    {
        if (_holdsWriter || !FileOpenForWrite || File is not { IsAnonymousShared: false } file) return;
        _holdsWriter = true;
        file.WriterMappings++;
    }

    internal void ReleaseWriter()
    {
        if (!_holdsWriter) return;
        _holdsWriter = false;
        File!.WriterMappings--;
    }
    public Advice Advice { get; internal set; } = Advice.Normal;
    public string Name { get; }

    public bool IsAnonymous => File is null;
    public bool Contains(long vpn) => vpn >= StartPage && vpn < EndPage;
    public long FilePageOf(long vpn) => FilePageOffset + (vpn - StartPage);

    internal Region CloneAt(long startPage, long pages)
        => new(Kind, startPage, pages, Protection, Shared, File, FilePageOf(startPage), FileOpenForWrite, Name) { Advice = Advice };

    public override string ToString()
        => $"{Name} pages 0x{StartPage:x}-0x{EndPage:x} {ProtectionText(Protection)} {(Shared ? "shared" : "private")}";

    internal static string ProtectionText(Protection p)
        => $"{((p & Protection.Read) != 0 ? 'r' : '-')}{((p & Protection.Write) != 0 ? 'w' : '-')}{((p & Protection.Exec) != 0 ? 'x' : '-')}";
}
