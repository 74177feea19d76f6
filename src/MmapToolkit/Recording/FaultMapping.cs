namespace MmapToolkit.Recording;

/// <summary>
/// The mapping a fault fell in, as /proc/PID/maps showed it (or a perf MMAP2 record, for one that was gone before
/// the maps were read).
/// </summary>
/// <param name="Start">First address of the mapping.</param>
/// <param name="End">One past its last address.</param>
/// <param name="Permissions">"rw-p" style: read, write, execute, then p (private) or s (shared).</param>
/// <param name="Offset">File offset of <paramref name="Start"/> (0 for anonymous memory).</param>
/// <param name="Name">The file's path, or [heap], [stack], [vdso]…, or empty for anonymous memory.</param>
/// <param name="Kind">File, anonymous, heap, stack, or special.</param>
/// <param name="FromMapsFile">True when read from /proc/PID/maps; false when only a perf MMAP2 record told of it.</param>
public sealed record FaultMapping(ulong Start, ulong End, string Permissions, ulong Offset, string Name, FaultMappingKind Kind,
                                  bool FromMapsFile)
{
    /// <summary>Whether the mapping is writable.</summary>
    public bool Writable => Permissions.Length > 1 && Permissions[1] == 'w';

    /// <summary>Whether the mapping is executable.</summary>
    public bool Executable => Permissions.Length > 2 && Permissions[2] == 'x';

    /// <summary>Whether the mapping is shared (MAP_SHARED) rather than private.</summary>
    public bool Shared => Permissions.Length > 3 && Permissions[3] == 's';

    /// <summary>"/usr/bin/ls", "[heap]", "anonymous", … for tables.</summary>
    public string Label => Kind == FaultMappingKind.Anonymous && Name.Length == 0 ? "anonymous" : Name;

    /// <summary>True when <paramref name="address"/> lies in the mapping.</summary>
    public bool Contains(ulong address) => address >= Start && address < End;

    /// <summary>The file offset of <paramref name="address"/> for a file mapping; null otherwise.</summary>
    public ulong? FileOffsetOf(ulong address) => Kind == FaultMappingKind.File && Contains(address) ? Offset + (address - Start) : null;

    /// <summary>The kind a maps line's name means.</summary>
    internal static FaultMappingKind KindOf(string name, ulong inode) => name switch
    {
        "[heap]" => FaultMappingKind.Heap,
        "[stack]" => FaultMappingKind.Stack,
        "" => FaultMappingKind.Anonymous,
        _ when name.StartsWith("[anon", StringComparison.Ordinal) || name.StartsWith("//anon", StringComparison.Ordinal) => FaultMappingKind.Anonymous,
        _ when name.StartsWith('[') => FaultMappingKind.Special,
        _ when name.StartsWith("/dev/zero", StringComparison.Ordinal) || name.StartsWith("/SYSV", StringComparison.Ordinal)
               || (inode == 0 && !name.StartsWith('/')) => FaultMappingKind.Anonymous,
        _ => FaultMappingKind.File,
    };
}
