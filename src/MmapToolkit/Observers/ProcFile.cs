using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Observers;

/// <summary>A binary /proc file read with pread at 8-byte-entry offsets (pagemap, kpagecount, kpageflags).</summary>
internal sealed unsafe class ProcFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    public string Path { get; }

    private ProcFile(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>Opens read-only; errno becomes a <see cref="SyscallException"/> (EACCES/EPERM: <see cref="AccessDeniedException"/>).</summary>
    public static ProcFile Open(string path)
    {
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw SyscallException.FromLastError($"open({path}, O_RDONLY)");
        return new ProcFile(path, new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>Fills <paramref name="into"/> with consecutive 64-bit entries starting at entry <paramref name="index"/>.</summary>
    public void ReadEntries(ulong index, Span<ulong> into)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int fd = (int)_handle.DangerousGetHandle();
        long offset = checked((long)(index * sizeof(ulong)));
        fixed (ulong* p = into)
        {
            nuint want = (nuint)into.Length * sizeof(ulong), got = 0;
            while (got < want)
            {
                nint n = Libc.Pread(fd, (byte*)p + got, want - got, offset + (long)got);
                if (n < 0)
                {
                    var errno = ErrnoExtensions.Last();
                    if (errno == Errno.EINTR) continue;
                    throw SyscallException.For($"pread({Path}, {want - got}, offset {offset + (long)got})", errno);
                }
                if (n == 0)
                    throw new IOException($"{Path}: no entry at offset {offset + (long)got} (past the end)");
                got += (nuint)n;
            }
        }
    }

    public ulong ReadEntry(ulong index)
    {
        ulong value = 0;
        ReadEntries(index, new Span<ulong>(ref value));
        return value;
    }

    public void Dispose() => _handle.Dispose();
}
