namespace MmapToolkit.Observers;

/// <summary>One mapping (VMA) of a process as <c>/proc/&lt;pid&gt;/smaps</c> describes it.</summary>
/// <param name="Start">First address.</param>
/// <param name="End">One past the last address.</param>
/// <param name="Permissions">As printed: <c>rw-p</c> (r, w, x, then p private or s shared).</param>
/// <param name="Offset">Offset in the file, for a file mapping.</param>
/// <param name="Device">major:minor of the file's device.</param>
/// <param name="Inode">The file's inode, 0 for anonymous memory.</param>
/// <param name="Name">Path, or a pseudo-name such as <c>[heap]</c>, <c>[stack]</c>, <c>[anon:…]</c>; empty for plain anonymous memory.</param>
/// <param name="Figures">Rss, Pss and the rest, in KiB.</param>
/// <param name="VmFlags">The two-letter VM flags (rd, wr, mr, nh for no-huge-page, …).</param>
public sealed record SmapsMapping(ulong Start, ulong End, string Permissions, ulong Offset, string Device, ulong Inode,
                                  string Name, SmapsFigures Figures, IReadOnlyList<string> VmFlags)
{
    /// <summary><see cref="End"/> − <see cref="Start"/>, in bytes.</summary>
    public ulong Length => End - Start;
    /// <summary>Mapped MAP_SHARED (the permissions end in 's').</summary>
    public bool IsShared => Permissions.Length == 4 && Permissions[3] == 's';
    /// <summary>Backed by no file: inode 0 and a name that is not a path.</summary>
    public bool IsAnonymous => Inode == 0 && !Name.StartsWith('/');
}
