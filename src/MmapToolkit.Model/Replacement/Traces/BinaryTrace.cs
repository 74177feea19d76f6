using System.Buffers.Binary;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// The toolkit's own page trace. A 16-byte header: the magic "MMTKPTRC", a uint16 version (1), a uint16 record size
/// (8), a uint32 page size in bytes (0 if unknown; informative). Then one little-endian uint64 per reference: the page
/// number shifted left by one, the low bit set for a store.
/// </summary>
public static class BinaryTrace
{
    public static ReadOnlySpan<byte> Magic => "MMTKPTRC"u8;
    public const int HeaderBytes = 16;
    public const ushort Version = 1;
    public const int RecordBytes = 8;

    public static void WriteHeader(Span<byte> header, uint pageSize)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], RecordBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], pageSize);
    }

    public static ulong Record(long page, bool write) => (ulong)page << 1 | (write ? 1UL : 0UL);
}

/// <summary>Reads <see cref="BinaryTrace"/>: checks the header, then one record per reference.</summary>
public sealed class BinaryTraceParser(TraceSink sink, string sourceName) : TraceChunkParser(sink, sourceName)
{
    private bool _headerRead;

    // Optimised from the first call: a trace is read once per process, so the JIT's tiers would run most of it unoptimised.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override int Parse(ReadOnlySpan<byte> chunk, bool final)
    {
        int start = 0;
        if (!_headerRead)
        {
            if (chunk.Length < BinaryTrace.HeaderBytes)
            {
                if (final) throw ByteError(0, $"{chunk.Length} bytes: too short for the {BinaryTrace.HeaderBytes}-byte header of a binary page trace");
                return 0;
            }
            if (!chunk[..8].SequenceEqual(BinaryTrace.Magic))
                throw ByteError(0, $"no binary page trace magic (expected \"MMTKPTRC\", found '{Printable(chunk[..8])}')");
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(chunk[8..]);
            ushort record = BinaryPrimitives.ReadUInt16LittleEndian(chunk[10..]);
            if (version != BinaryTrace.Version) throw ByteError(8, $"binary page trace version {version}; this toolkit reads version {BinaryTrace.Version}");
            if (record != BinaryTrace.RecordBytes) throw ByteError(10, $"record size {record}; version 1 records are {BinaryTrace.RecordBytes} bytes");
            _headerRead = true;
            start = BinaryTrace.HeaderBytes;
        }
        var body = chunk[start..];
        int whole = body.Length & ~(BinaryTrace.RecordBytes - 1);
        if (final && whole != body.Length)
            throw ByteError(Offset + start + whole, $"a partial record of {body.Length - whole} bytes at the end (records are {BinaryTrace.RecordBytes} bytes)");
        var records = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(body[..whole]);
        var s = Sink;
        if (BitConverter.IsLittleEndian)
        {
            // Sealed sinks called directly (and inlined), not through the virtual Add.
            if (s is DenseTraceBuilder dense) foreach (ulong r in records) dense.Add((long)(r >> 1), (r & 1) != 0);
            else if (s is LruCurveBuilder curve) foreach (ulong r in records) curve.Add((long)(r >> 1), (r & 1) != 0);
            else foreach (ulong r in records) s.Add((long)(r >> 1), (r & 1) != 0);
        }
        else
        {
            foreach (ulong r in records) { ulong v = BinaryPrimitives.ReverseEndianness(r); s.Add((long)(v >> 1), (v & 1) != 0); }
        }
        return start + whole;
    }
}
