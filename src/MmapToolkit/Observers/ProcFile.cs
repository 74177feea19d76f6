using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MmapToolkit.Interop;

namespace MmapToolkit.Observers;

/// <summary>A binary /proc file read with pread at 8-byte-entry offsets (pagemap, kpagecount, kpageflags).</summary>
internal sealed class ProcFile : IDisposable
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
        long offset = checked((long)(index * sizeof(ulong)));
        Span<byte> bytes = MemoryMarshal.AsBytes(into);
        for (int got = 0; got < bytes.Length;)
        {
            int n = RandomAccess.Read(_handle, bytes[got..], offset + got);
            if (n == 0) throw new IOException($"{Path}: no entry at offset {offset + got} (past the end)");
            got += n;
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
