using System.Runtime.InteropServices;
using MmapToolkit.Interop;

namespace MmapToolkit.Files;

/// <summary>
/// Blocks from the C library's malloc, for showing where small allocations live (the brk heap) and what free()
/// gives back. Disposing frees whatever is still allocated.
/// </summary>
public sealed class CHeap : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>Allocates <paramref name="count"/> blocks of <paramref name="bytes"/> and writes one byte into each.</summary>
    public void Allocate(int count, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        for (int i = 0; i < count; i++)
        {
            nint block = Libc.Malloc((nuint)bytes);
            if (block == 0) throw new OutOfMemoryException($"malloc({bytes}) returned NULL after {i} blocks");
            Marshal.WriteByte(block, 1);
            _blocks.Add(block);
        }
    }

    /// <summary>Blocks allocated and not yet freed.</summary>
    public int Count => _blocks.Count;

    /// <summary>Frees every block, or every block but the most recent one.</summary>
    public void Free(bool keepLast)
    {
        int keep = keepLast && _blocks.Count > 0 ? 1 : 0;
        for (int i = 0; i < _blocks.Count - keep; i++) Libc.Free(_blocks[i]);
        _blocks.RemoveRange(0, _blocks.Count - keep);
    }

    /// <summary>Frees every block still allocated.</summary>
    public void Dispose() => Free(keepLast: false);
}
