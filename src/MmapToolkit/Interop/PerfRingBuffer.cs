using System.Buffers.Binary;
using System.Text;
using static MmapToolkit.Interop.PerfEventConstants;

namespace MmapToolkit.Interop;

/// <summary>What a perf record said, copied out of the ring buffer (Recording/ sees only this, no pointers).</summary>
internal enum PerfRecordKind : byte { Sample, Lost, Mmap2 }

/// <summary>
/// One record from a perf ring buffer. Samples (sample_type IDENTIFIER | IP | TID | TIME | ADDR, plus RAW for a
/// tracepoint) fill Id, Ip, Pid, Tid, TimeNs, Address and Raw; LOST fills Id and Lost; LOST_SAMPLES fills Lost;
/// MMAP2 fills Pid, Tid, TimeNs (sample_id_all), Address, Length, PageOffset, Protection, MapFlags, FileName.
/// </summary>
internal readonly record struct PerfRecord(
    PerfRecordKind Kind, ulong Id, ulong Ip, int Pid, int Tid, long TimeNs, ulong Address, bool KernelMode,
    byte[]? Raw, ulong Lost, ulong Length, ulong PageOffset, uint Protection, uint MapFlags, string? FileName);

/// <summary>
/// A perf event's mmap'd ring buffer: one control page, then 2^n data pages the kernel writes records into. The
/// reader copies each record out (a record may wrap around the end) and moves data_tail on, so the kernel can reuse
/// the space. When the buffer is full the kernel drops records and later writes a PERF_RECORD_LOST saying how many.
/// </summary>
internal sealed unsafe class PerfRingBuffer : IDisposable
{
    private readonly byte* _base;
    private readonly nuint _mappedLength;
    private readonly byte* _data;
    private readonly ulong _dataSize;
    private readonly byte[] _scratch = new byte[1 << 16];
    private bool _disposed;

    /// <summary>Maps 1 + <paramref name="dataPages"/> pages of the event <paramref name="fd"/> (a power of two).</summary>
    public PerfRingBuffer(int fd, int dataPages)
    {
        long page = Libc.Sysconf(Libc._SC_PAGESIZE);
        _mappedLength = (nuint)((1 + dataPages) * page);
        nint p = Libc.Mmap(0, _mappedLength, MmanConstants.PROT_READ | MmanConstants.PROT_WRITE, MmanConstants.MAP_SHARED, fd, 0);
        if (p == MmanConstants.MAP_FAILED)
            throw SyscallException.FromLastError($"mmap(NULL, {_mappedLength}, READ|WRITE, SHARED, perf event fd {fd}, 0)",
                ErrnoExtensions.Last() == Errno.EPERM
                    ? "more locked memory than kernel.perf_event_mlock_kb allows this user: ask for fewer buffer pages"
                    : null);
        _base = (byte*)p;
        Fd = fd;
        ulong offset = *(ulong*)(_base + PERF_MMAP_DATA_OFFSET);
        ulong size = *(ulong*)(_base + PERF_MMAP_DATA_SIZE);
        // Kernels before 4.1 leave data_offset/size zero: the data starts at the second page.
        _data = _base + (offset == 0 ? (ulong)page : offset);
        _dataSize = size == 0 ? (ulong)(dataPages * page) : size;
    }

    /// <summary>The event descriptor the buffer belongs to.</summary>
    public int Fd { get; }

    /// <summary>Copies every complete record out of the buffer into <paramref name="sink"/>; returns how many.</summary>
    public int Drain(List<PerfRecord> sink)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong* headPtr = (ulong*)(_base + PERF_MMAP_DATA_HEAD);
        ulong* tailPtr = (ulong*)(_base + PERF_MMAP_DATA_TAIL);
        ulong head = Volatile.Read(ref *headPtr);   // acquire: the records before head are complete
        ulong tail = *tailPtr;
        int count = 0;
        Span<byte> header = stackalloc byte[8];
        while (tail < head)
        {
            Copy(tail, header);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(header);
            ushort misc = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            if (size < 8) break;   // never happens on a sane buffer; stop rather than spin
            var record = _scratch.AsSpan(0, size);
            Copy(tail, record);
            if (Parse(type, misc, record) is { } r) { sink.Add(r); count++; }
            tail += (ulong)size;
        }
        Volatile.Write(ref *tailPtr, tail);   // release: the kernel may now overwrite what was read
        return count;
    }

    private void Copy(ulong position, Span<byte> destination)
    {
        ulong start = position % _dataSize;
        int first = (int)Math.Min((ulong)destination.Length, _dataSize - start);
        new ReadOnlySpan<byte>(_data + start, first).CopyTo(destination);
        if (first < destination.Length)
            new ReadOnlySpan<byte>(_data, destination.Length - first).CopyTo(destination[first..]);
    }

    private static ulong U64(ReadOnlySpan<byte> r, int at) => BinaryPrimitives.ReadUInt64LittleEndian(r[at..]);
    private static uint U32(ReadOnlySpan<byte> r, int at) => BinaryPrimitives.ReadUInt32LittleEndian(r[at..]);

    private static PerfRecord? Parse(uint type, ushort misc, ReadOnlySpan<byte> r)
    {
        bool kernel = (misc & PERF_RECORD_MISC_CPUMODE_MASK) == PERF_RECORD_MISC_KERNEL;
        switch (type)
        {
            case PERF_RECORD_SAMPLE when r.Length >= 48:
            {
                // identifier, ip, pid/tid, time, addr [, u32 raw size, raw bytes]
                byte[]? raw = null;
                if (r.Length >= 52)
                {
                    int rawSize = (int)U32(r, 48);
                    if (52 + rawSize <= r.Length) raw = r.Slice(52, rawSize).ToArray();
                }
                return new PerfRecord(PerfRecordKind.Sample, U64(r, 8), U64(r, 16), (int)U32(r, 24), (int)U32(r, 28),
                    (long)U64(r, 32), U64(r, 40), kernel, raw, 0, 0, 0, 0, 0, null);
            }
            case PERF_RECORD_LOST when r.Length >= 24:
                return new PerfRecord(PerfRecordKind.Lost, U64(r, 8), 0, 0, 0, TrailerTime(r), 0, false, null, U64(r, 16), 0, 0, 0, 0, null);
            case PERF_RECORD_LOST_SAMPLES when r.Length >= 16:
                return new PerfRecord(PerfRecordKind.Lost, 0, 0, 0, 0, TrailerTime(r), 0, false, null, U64(r, 8), 0, 0, 0, 0, null);
            case PERF_RECORD_MMAP2 when r.Length >= 72 + 24:
            {
                // pid, tid, addr, len, pgoff, maj, min, ino, ino_generation, prot, flags, filename[], sample_id (pid/tid, time, identifier)
                var name = r[72..^24];
                int nul = name.IndexOf((byte)0);
                string file = Encoding.UTF8.GetString(nul < 0 ? name : name[..nul]);
                return new PerfRecord(PerfRecordKind.Mmap2, 0, 0, (int)U32(r, 8), (int)U32(r, 12), TrailerTime(r), U64(r, 16), false,
                    null, 0, U64(r, 24), U64(r, 32), U32(r, 64), U32(r, 68), file);
            }
            default:
                return null;
        }
    }

    // sample_id_all with TID | TIME | IDENTIFIER: the record ends with pid/tid, time, identifier.
    private static long TrailerTime(ReadOnlySpan<byte> r) => (long)U64(r, r.Length - 16);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.Munmap((nint)_base, _mappedLength);
    }
}
