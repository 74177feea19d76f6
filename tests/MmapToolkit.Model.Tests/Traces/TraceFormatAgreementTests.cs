using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Model.Tests.Traces;

/// <summary>The same references in every format give the same trace, and so the same fault counts for every policy.</summary>
public class TraceFormatAgreementTests
{
    private static readonly string[] Policies = ["fifo", "lru", "opt", "clock", "clock3", "random", "lfu", "mfu", "sieve", "arc"];
    private static readonly PageReference[] References = TraceEncodings.RandomReferences(seed: 13, length: 3000, pages: 60);

    public static TheoryData<TraceFormat> Formats => new(TraceFormat.Plain, TraceFormat.Addresses, TraceFormat.Lackey, TraceFormat.Csv,
                                                          TraceFormat.Binary, TraceFormat.OracleGeneral);

    private static byte[] Encode(TraceFormat format) => format switch
    {
        TraceFormat.Plain => TraceEncodings.Plain(References),
        TraceFormat.Addresses => TraceEncodings.Addresses(References),
        TraceFormat.Lackey => TraceEncodings.Lackey(References),
        TraceFormat.Csv => TraceEncodings.Csv(References),
        TraceFormat.Binary => TraceEncodings.Binary(References),
        TraceFormat.OracleGeneral => TraceEncodings.OracleGeneral(References),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    // oracleGeneral has no stores: compare it with the references read as loads.
    private static PageReference[] Expected(TraceFormat format)
        => format == TraceFormat.OracleGeneral ? References.Select(r => r with { IsWrite = false }).ToArray() : References;

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_reads_back_the_same_references(TraceFormat format)
    {
        var expected = Expected(format);
        Assert.Equal(expected, TraceEncodings.ReadBytes(Encode(format), format).ToReferences());
        Assert.Equal(expected, TraceEncodings.ReadStream(Encode(format), format).ToReferences());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Auto_detection_picks_each_format(TraceFormat format)
    {
        string name = format switch { TraceFormat.OracleGeneral => "t.oracleGeneral.bin", TraceFormat.Csv => "t.data", _ => "t.trace" };
        var (detected, _) = TraceFormatDetector.Detect(name, Encode(format).AsSpan(0, Math.Min(8192, Encode(format).Length)));
        Assert.Equal(format, detected);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_policy_gives_the_same_counts_in_every_format(TraceFormat format)
    {
        var plain = DenseTrace.From(Expected(format));
        var read = TraceEncodings.ReadBytes(Encode(format), format);
        foreach (string policy in Policies)
            foreach (int frames in new[] { 1, 5, 17, 40, 59, 100 })
                Assert.Equal(TraceSimulator.Run(policy, frames, plain, seed: 3), TraceSimulator.Run(policy, frames, read, seed: 3));
    }

    [Fact]
    public void A_lackey_access_that_spans_pages_references_each_page_in_order()
    {
        // 8 bytes at 0x1ffc cover pages 1 and 2; a store of 8200 bytes at 0x3000 covers pages 3, 4 and 5.
        var trace = TraceEncodings.ReadBytes("I  00001ffc,8\n S 00003000,8200\n"u8.ToArray(), TraceFormat.Lackey);
        Assert.Equal([new(1, false), new(2, false), new(3, true), new(4, true), new(5, true)], trace.ToReferences());
    }

    [Fact]
    public void Plain_takes_ostep_commas()
        => Assert.Equal([0L, 1, 2, 0], TraceEncodings.ReadBytes("0,1,2,0"u8.ToArray(), TraceFormat.Plain).ToReferences().Select(r => r.Page));

    [Fact]
    public void Csv_without_a_header_reads_the_column_asked_for()
    {
        var trace = TraceEncodings.ReadBytes("1,42,7\n2,0x2b,7\n"u8.ToArray(), TraceFormat.Csv, csvColumn: 2);
        Assert.Equal([42L, 43], trace.ToReferences().Select(r => r.Page));
    }
}
