using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Model.Tests.Traces;

/// <summary>One list of references written in every format, by hand here (not by the toolkit's own writers), so the
/// readers are checked against the formats' definitions.</summary>
internal static class TraceEncodings
{
    public const int PageShift = 12;

    public static PageReference[] RandomReferences(int seed, int length, int pages)
    {
        var rng = new Random(seed);
        // Sparse page numbers (large gaps and a high region) so renumbering is exercised, not just small integers.
        long[] pageNumbers = Enumerable.Range(0, pages).Select(i => i % 3 == 0 ? 0x7ff000000L + i : (long)i * 977).ToArray();
        return Enumerable.Range(0, length).Select(_ => new PageReference(pageNumbers[rng.Next(pages)], rng.Next(4) == 0)).ToArray();
    }

    public static byte[] Plain(IEnumerable<PageReference> refs)
    {
        var sb = new StringBuilder("# a comment line\n");
        int i = 0;
        foreach (var r in refs)
        {
            sb.Append(r.Page.ToString(CultureInfo.InvariantCulture)).Append(r.IsWrite ? "w" : (i % 5 == 0 ? "r" : ""));
            sb.Append((i++ % 7) switch { 0 => "\n", 1 => ",", 2 => " # comment 99\n", 3 => "\t", _ => " " });
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Addresses(IEnumerable<PageReference> refs)
    {
        var sb = new StringBuilder();
        int i = 0;
        foreach (var r in refs)
        {
            long address = (r.Page << PageShift) + (i * 37 % (1 << PageShift));
            sb.Append(i++ % 2 == 0 ? "0x" + address.ToString("x", CultureInfo.InvariantCulture) : address.ToString(CultureInfo.InvariantCulture));
            sb.Append(r.IsWrite ? "w\n" : "\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>valgrind lackey lines: loads as I or L, stores as S or M, each access inside its page.</summary>
    public static byte[] Lackey(IEnumerable<PageReference> refs)
    {
        var sb = new StringBuilder("==4242== Lackey, an example Valgrind tool\n==4242== Command: ./prog\n");
        int i = 0;
        foreach (var r in refs)
        {
            long address = (r.Page << PageShift) + 8 * (i % 500);
            string op = r.IsWrite ? (i % 2 == 0 ? " S" : " M") : (i % 2 == 0 ? "I " : " L");
            sb.Append(op).Append(' ').Append(address.ToString("x8", CultureInfo.InvariantCulture)).Append(',').Append(1 + i % 8).Append('\n');
            i++;
        }
        sb.Append("==4242== \n==4242== Counted 1 call to main()\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Csv(IEnumerable<PageReference> refs)
    {
        var sb = new StringBuilder("time,obj_id,obj_size,op\n");
        int t = 0;
        foreach (var r in refs) sb.Append(t++).Append(',').Append(r.Page).Append(",4096,").Append(r.IsWrite ? "write" : "read").Append('\n');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>libCacheSim oracleGeneral: 24-byte packed records; it has no stores.</summary>
    public static byte[] OracleGeneral(IReadOnlyList<PageReference> refs)
    {
        var bytes = new byte[refs.Count * 24];
        for (int i = 0; i < refs.Count; i++)
        {
            var rec = bytes.AsSpan(i * 24, 24);
            BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)i);
            BinaryPrimitives.WriteUInt64LittleEndian(rec[4..], (ulong)refs[i].Page);
            BinaryPrimitives.WriteUInt32LittleEndian(rec[12..], 4096);
            BinaryPrimitives.WriteInt64LittleEndian(rec[16..], -1);
        }
        return bytes;
    }

    /// <summary>The toolkit's binary page trace, header and records written from the documented layout.</summary>
    public static byte[] Binary(IReadOnlyList<PageReference> refs)
    {
        var bytes = new byte[16 + refs.Count * 8];
        "MMTKPTRC"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 4096);
        for (int i = 0; i < refs.Count; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + i * 8), (ulong)refs[i].Page << 1 | (refs[i].IsWrite ? 1UL : 0));
        return bytes;
    }

    public static DenseTrace ReadBytes(byte[] bytes, TraceFormat format, string name = "test", int? csvColumn = null)
    {
        var builder = new DenseTraceBuilder();
        TraceReader.ReadMapped((o, n) => bytes.AsSpan((int)o, n), bytes.Length, name,
                               new TraceReadOptions(format, 1L << PageShift, csvColumn), builder, out _);
        return builder.Build();
    }

    /// <summary>The same through a stream that hands out a few bytes per read, so tokens and records straddle buffers.</summary>
    public static DenseTrace ReadStream(byte[] bytes, TraceFormat format, string name = "test")
    {
        var builder = new DenseTraceBuilder();
        TraceReader.ReadStream(new TrickleStream(bytes, 7), name, new TraceReadOptions(format, 1L << PageShift), builder, out _);
        return builder.Build();
    }

    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
    }
}
