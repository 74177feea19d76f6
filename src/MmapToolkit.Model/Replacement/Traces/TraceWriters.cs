using System.Buffers.Binary;
using System.Buffers.Text;

namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>Writes references to a stream in one of the formats the readers take (plain, csv, binary; oracleGeneral
/// needs each reference's next use, so it is written from a whole <see cref="DenseTrace"/>).</summary>
public abstract class TraceWriter(Stream output) : TraceSink, IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    public long Written { get; private set; }

    /// <summary>The formats a trace can be written in.</summary>
    public static readonly TraceFormat[] Writable = [TraceFormat.Plain, TraceFormat.Csv, TraceFormat.Binary, TraceFormat.OracleGeneral];

    public static TraceWriter Create(TraceFormat format, Stream output, long pageSize) => format switch
    {
        TraceFormat.Plain => new PlainTraceWriter(output),
        TraceFormat.Csv => new CsvTraceWriter(output),
        TraceFormat.Binary => new BinaryTraceWriter(output, pageSize),
        _ => throw new ArgumentException($"traces are written as plain, csv, binary or oracleGeneral, not {TraceFormats.Name(format)}"),
    };

    public override void Add(long page, bool write)
    {
        if (_buffer.Length - _used < 64) Flush();
        _used += Encode(_buffer.AsSpan(_used), page, write);
        Written++;
    }

    /// <summary>Writes one reference at the start of <paramref name="into"/> (at least 64 bytes); returns the bytes used.</summary>
    protected abstract int Encode(Span<byte> into, long page, bool write);

    protected void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _used < bytes.Length) Flush();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Flush()
    {
        output.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        output.Flush();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a whole trace in <paramref name="format"/>.</summary>
    public static void WriteAll(DenseTrace trace, TraceFormat format, Stream output, long pageSize)
    {
        if (format == TraceFormat.OracleGeneral)
        {
            OracleGeneralWriter.Write(trace, output, pageSize);
            return;
        }
        using var writer = Create(format, output, pageSize);
        int[] ids = trace.Ids;
        for (int i = 0; i < ids.Length; i++) writer.Add(trace.PageOfId[ids[i]], trace.Writes[i]);
    }
}

/// <summary>One page number per line, 'w' after a store.</summary>
public sealed class PlainTraceWriter(Stream output) : TraceWriter(output)
{
    protected override int Encode(Span<byte> into, long page, bool write)
    {
        Utf8Formatter.TryFormat(page, into, out int n);
        if (write) into[n++] = (byte)'w';
        into[n++] = (byte)'\n';
        return n;
    }
}

/// <summary>libCacheSim-style csv: a header "obj_id,op", then "page,r" or "page,w".</summary>
public sealed class CsvTraceWriter : TraceWriter
{
    public CsvTraceWriter(Stream output) : base(output) => WriteRaw("obj_id,op\n"u8);

    protected override int Encode(Span<byte> into, long page, bool write)
    {
        Utf8Formatter.TryFormat(page, into, out int n);
        into[n++] = (byte)',';
        into[n++] = write ? (byte)'w' : (byte)'r';
        into[n++] = (byte)'\n';
        return n;
    }
}

/// <summary>The toolkit's binary page trace (<see cref="BinaryTrace"/>).</summary>
public sealed class BinaryTraceWriter : TraceWriter
{
    public BinaryTraceWriter(Stream output, long pageSize) : base(output)
    {
        Span<byte> header = stackalloc byte[BinaryTrace.HeaderBytes];
        BinaryTrace.WriteHeader(header, pageSize is > 0 and <= uint.MaxValue ? (uint)pageSize : 0);
        WriteRaw(header);
    }

    protected override int Encode(Span<byte> into, long page, bool write)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(into, BinaryTrace.Record(page, write));
        return BinaryTrace.RecordBytes;
    }
}

/// <summary>libCacheSim oracleGeneral: time = position, size = the page size, next access = position of the page's
/// next reference or -1. Stores are not representable and are written as plain accesses.</summary>
public static class OracleGeneralWriter
{
    public static void Write(DenseTrace trace, Stream output, long pageSize)
    {
        int[] next = OptPolicy.NextUses(trace.Ids, trace.Distinct);
        var record = new byte[OracleGeneralTraceParser.RecordBytes];
        var buffered = new BufferedStream(output, 1 << 16);   // not disposed: that would close the caller's stream
        for (int i = 0; i < trace.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)i);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), (ulong)trace.PageOfId[trace.Ids[i]]);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)Math.Min(pageSize, uint.MaxValue));
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(16), next[i] == int.MaxValue ? -1 : next[i]);
            buffered.Write(record);
        }
        buffered.Flush();
    }
}
