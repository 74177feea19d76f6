using Microsoft.Win32.SafeHandles;
using MmapToolkit.Files;
using MmapToolkit.Interop;
using static MmapToolkit.Interop.MmanConstants;

namespace MmapToolkit.Mapping;

/// <summary>
/// Builds a <see cref="MemoryMapping"/>, in the spirit of Rust's memmap2 <c>MmapOptions</c>: set what differs from
/// the defaults (private, read-write, kernel-chosen address), then call <see cref="MapAnonymous"/> or
/// <see cref="MapFile(string)"/>. Every argument is checked before the kernel sees it, so a mistake gets a message
/// that names it rather than a bare EINVAL.
/// </summary>
public sealed class MappingOptions
{
    private long? _length;
    private long _offset;
    private Protection _protection = Mapping.Protection.ReadWrite;
    private bool _shared;
    private int _extraFlags;
    private nint _address;
    private Placement _placement = Placement.Anywhere;

    private enum Placement { Anywhere, Hint, Fixed, FixedNoReplace }

    // What the last mmap call took, handed to the mapping it made.
    private (long Minor, long Major) _faultsWhileMapping;

    /// <summary>Length in bytes (rounded up to whole pages by the kernel). Required for anonymous mappings; a file mapping defaults to the rest of the file.</summary>
    public MappingOptions Length(long bytes)
    {
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "mapping length must be positive");
        _length = bytes;
        return this;
    }

    /// <summary>Offset into the file, a multiple of the page size.</summary>
    public MappingOptions Offset(long bytes)
    {
        if (bytes < 0 || bytes % MemoryMapping.SystemPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes,
                $"file offset must be a non-negative multiple of the page size ({MemoryMapping.SystemPageSize})");
        _offset = bytes;
        return this;
    }

    /// <summary>What the pages allow (PROT_*); default <see cref="Mapping.Protection.ReadWrite"/>.</summary>
    public MappingOptions Protection(Protection protection)
    {
        if ((protection & ~Mapping.Protection.ReadWriteExec) != 0)
            throw new ArgumentOutOfRangeException(nameof(protection), protection, "unknown protection bits");
        _protection = protection;
        return this;
    }

    /// <summary>MAP_SHARED: writes reach the file (or other processes sharing the memory).</summary>
    public MappingOptions Shared() { _shared = true; return this; }

    /// <summary>MAP_PRIVATE: writes go to private copy-on-write pages, never to the file.</summary>
    public MappingOptions Private() { _shared = false; return this; }

    /// <summary>MAP_POPULATE: fault every page in now (pre-paging) instead of on first touch.</summary>
    public MappingOptions Populate() { _extraFlags |= MAP_POPULATE; return this; }

    /// <summary>MAP_NORESERVE: reserve no swap; lets a process ask for far more virtual memory than exists.</summary>
    public MappingOptions NoReserve() { _extraFlags |= MAP_NORESERVE; return this; }

    /// <summary>Ask for this address; the kernel may choose another.</summary>
    public MappingOptions Hint(nint address) => Place(address, Placement.Hint);

    /// <summary>MAP_FIXED: exactly this address, silently replacing whatever was mapped there.</summary>
    public MappingOptions Fixed(nint address) => Place(address, Placement.Fixed);

    /// <summary>MAP_FIXED_NOREPLACE: exactly this address, or <see cref="AddressInUseException"/> if anything is mapped there.</summary>
    public MappingOptions FixedNoReplace(nint address) => Place(address, Placement.FixedNoReplace);

    /// <summary>Maps <see cref="Length"/> bytes of zero-filled memory backed by no file (MAP_ANONYMOUS). Throws
    /// <see cref="InvalidOperationException"/> without a length or with an offset, and a <see cref="SyscallException"/> when mmap fails.</summary>
    public MemoryMapping MapAnonymous()
    {
        if (_length is not long length)
            throw new InvalidOperationException("an anonymous mapping needs a length: call Length(bytes) first");
        if (_offset != 0)
            throw new InvalidOperationException("an anonymous mapping has no file offset: remove Offset()");
        int flags = Flags() | MAP_ANONYMOUS;
        nint address = Map(length, flags, fd: -1, fileDescription: null);
        return new MemoryMapping(new MappingHandle(address, (nuint)length), length, _protection, _shared, filePath: null, _faultsWhileMapping);
    }

    /// <summary>Maps <paramref name="path"/>: opened read-write when the mapping is shared and writable, read-only otherwise.</summary>
    public MemoryMapping MapFile(string path)
    {
        bool needsWrite = _shared && _protection.HasFlag(Mapping.Protection.Write);
        using var file = needsWrite ? PosixFile.OpenReadWrite(path) : PosixFile.OpenReadOnly(path);
        return MapFile(file, path);
    }

    /// <summary>Maps an open file. The mapping keeps the file referenced; the handle may be closed afterwards.</summary>
    public MemoryMapping MapFile(SafeFileHandle file) => MapFile(file, path: null);

    private MemoryMapping MapFile(SafeFileHandle file, string? path)
    {
        ArgumentNullException.ThrowIfNull(file);
        string name = path is null ? "the file" : $"'{path}'";
        long fileLength = RandomAccess.GetLength(file);
        if (fileLength == 0)
            throw new ArgumentOutOfRangeException("length", 0, $"{name} is empty: there is nothing to map");
        if (_offset >= fileLength)
            throw new ArgumentOutOfRangeException("offset", _offset,
                $"offset {_offset} is at or beyond the end of {name} ({fileLength} bytes)");
        long length = _length ?? fileLength - _offset;
        if (_offset + length > RoundUpToPage(fileLength))
            throw new ArgumentOutOfRangeException("length", length,
                $"offset {_offset} + length {length} runs past the end of {name} ({fileLength} bytes): touching those pages would raise SIGBUS");

        bool dangerousAdd = false;
        try
        {
            file.DangerousAddRef(ref dangerousAdd);
            int fd = (int)file.DangerousGetHandle();
            nint address = Map(length, Flags(), fd, $"fd {fd}{(path is null ? "" : $" '{path}'")}");
            return new MemoryMapping(new MappingHandle(address, (nuint)length), length, _protection, _shared, path, _faultsWhileMapping);
        }
        finally
        {
            if (dangerousAdd) file.DangerousRelease();
        }
    }

    private MappingOptions Place(nint address, Placement placement)
    {
        if (address % MemoryMapping.SystemPageSize != 0)
            throw new ArgumentException(
                $"address 0x{address:x} is not page-aligned (page size {MemoryMapping.SystemPageSize})", nameof(address));
        _address = address;
        _placement = placement;
        return this;
    }

    private int Flags() => (_shared ? MAP_SHARED : MAP_PRIVATE) | _extraFlags | _placement switch
    {
        Placement.Fixed => MAP_FIXED,
        Placement.FixedNoReplace => MAP_FIXED_NOREPLACE,
        _ => 0,
    };

    private nint Map(long length, int flags, int fd, string? fileDescription)
    {
        nint address = NativeLib.MmapMeasured(_placement == Placement.Anywhere ? 0 : _address, (nuint)length, (int)_protection,
                                              flags, fd, _offset, out long minor, out long major);
        _faultsWhileMapping = (minor, major);
        if (address != MAP_FAILED)
        {
            if (_placement == Placement.FixedNoReplace && address != _address)
            {
                // Kernels before 4.17 treat the flag as a hint; never hand back a mapping at the wrong place.
                Libc.Munmap(address, (nuint)length);
                throw SyscallException.For(CallText(length, flags, fileDescription), Errno.EEXIST, "the kernel placed the mapping elsewhere");
            }
            return address;
        }
        var errno = ErrnoExtensions.Last();
        throw SyscallException.For(CallText(length, flags, fileDescription), errno, errno switch
        {
            Errno.EACCES when fileDescription is not null =>
                _shared && _protection.HasFlag(Mapping.Protection.Write)
                    ? "a shared writable mapping needs the file open for reading and writing"
                    : "the file is not open for reading, or is on a noexec file system",
            Errno.EEXIST => "something is already mapped in that range (MAP_FIXED_NOREPLACE)",
            Errno.ENOMEM => "no room in the address space, over the overcommit limit, or past vm.max_map_count",
            Errno.ENODEV => "this file system does not support memory mapping",
            _ => null,
        });
    }

    private string CallText(long length, int flags, string? fileDescription) =>
        $"mmap({(_placement == Placement.Anywhere ? "NULL" : MmapToolkit.CallText.Hex(_address))}, {length}, " +
        $"{MmapToolkit.CallText.Protection(_protection)}, {FlagText(flags)}, {fileDescription ?? "-1"}, {_offset})";

    private static string FlagText(int flags)
    {
        var names = new List<string> { (flags & MAP_SHARED) != 0 ? "SHARED" : "PRIVATE" };
        if ((flags & MAP_ANONYMOUS) != 0) names.Add("ANONYMOUS");
        if ((flags & MAP_FIXED) != 0) names.Add("FIXED");
        if ((flags & MAP_FIXED_NOREPLACE) != 0) names.Add("FIXED_NOREPLACE");
        if ((flags & MAP_POPULATE) != 0) names.Add("POPULATE");
        if ((flags & MAP_NORESERVE) != 0) names.Add("NORESERVE");
        return string.Join('|', names);
    }

    private static long RoundUpToPage(long bytes) =>
        (bytes + MemoryMapping.SystemPageSize - 1) / MemoryMapping.SystemPageSize * MemoryMapping.SystemPageSize;
}
