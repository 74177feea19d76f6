using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;sys/stat.h&gt;: statx, whose structure has one layout on every architecture (struct stat does not); geteuid.</summary>
internal static partial class Libc
{
    internal const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1, STATX_UID = 0x8, STATX_SIZE = 0x200;
    internal const ushort S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000,
                          S_IFIFO = 0x1000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000;

    /// <summary>The head of struct statx, up to stx_size; the kernel writes 256 bytes, hence the size.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct StatxHead
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        public ushort Spare0;
        public ulong Inode;
        public ulong Size;
    }

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxHead buffer);

    [LibraryImport(Name, EntryPoint = "geteuid")]
    internal static partial uint Geteuid();
}
