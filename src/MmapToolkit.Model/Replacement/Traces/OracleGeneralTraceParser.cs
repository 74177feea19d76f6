using System.Buffers.Binary;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>libCacheSim's oracleGeneral binary trace: packed 24-byte little-endian records (uint32 time, uint64 object
/// id, uint32 size, int64 next access). The object id is the page; every record is a load.</summary>
public sealed class OracleGeneralTraceParser(TraceSink sink, string sourceName) : TraceChunkParser(sink, sourceName)
{
    public const int RecordBytes = 24;

    // Optimised from the first call: a trace is read once per process, so the JIT's tiers would run most of it unoptimised.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override int Parse(ReadOnlySpan<byte> chunk, bool final)
    {
        int whole = chunk.Length - chunk.Length % RecordBytes;
        if (final && whole != chunk.Length)
            throw ByteError(Offset + whole, $"a partial record of {chunk.Length - whole} bytes at the end (oracleGeneral records are {RecordBytes} bytes)");
        var sink = Sink;
        for (int i = 0; i < whole; i += RecordBytes)
        {
            ulong id = BinaryPrimitives.ReadUInt64LittleEndian(chunk.Slice(i + 4, 8));
            if (id > long.MaxValue) throw ByteError(Offset + i, $"object id {id} is larger than the largest page number ({long.MaxValue})");
            sink.Add((long)id, false);
        }
        return whole;
    }
}
