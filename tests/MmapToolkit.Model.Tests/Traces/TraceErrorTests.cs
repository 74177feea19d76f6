using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Model.Tests.Traces;

/// <summary>Bad input: one line naming the source, the line (or byte offset) and the token.</summary>
public class TraceErrorTests
{
    [Theory]
    [InlineData(TraceFormat.Plain, "0 1\n2 3x 4\n", "f: line 2: bad token '3x' (expected a non-negative page number, optionally followed by 'w' or 'r')")]
    [InlineData(TraceFormat.Plain, "0 1 99999999999999999999\n", "f: line 1: bad token '99999999999999999999'")]
    [InlineData(TraceFormat.Plain, "0 -1\n", "f: line 1: bad token '-1'")]
    [InlineData(TraceFormat.Addresses, "0x1000\n0xzz\n", "f: line 2: bad token '0xzz' (expected a byte address, decimal or 0x-hex")]
    [InlineData(TraceFormat.Lackey, "==1== hi\nI  0400,4\nX 12,4\n", "f: line 3: bad lackey line 'X 12,4' (expected 'I|L|S|M hexaddress,size'")]
    [InlineData(TraceFormat.Lackey, " L 04g0,4\n", "f: line 1: bad lackey line ' L 04g0,4'")]
    [InlineData(TraceFormat.Csv, "time,obj_id\n1,5\n2,five\n", "f: line 3: bad id 'five' in column 2")]
    [InlineData(TraceFormat.Csv, "1,5\n", "f: line 1: 2 columns and no header naming the id column: give --csv-column N (1-based)")]
    [InlineData(TraceFormat.Csv, "time,size\n1,5\n", "f: line 1: the header 'time,size' names no id column")]
    public void Text_errors_name_the_line_and_token(TraceFormat format, string text, string message)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => TraceEncodings.ReadBytes(bytes, format, "f")).Message);
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => TraceEncodings.ReadStream(bytes, format, "f")).Message);
    }

    [Fact]
    public void A_partial_oracle_general_record_names_its_offset()
    {
        var bytes = TraceEncodings.OracleGeneral([new(1, false), new(2, false)]).Take(40).ToArray();
        Assert.Equal("f: byte 24: a partial record of 16 bytes at the end (oracleGeneral records are 24 bytes)",
                     Assert.Throws<FormatException>(() => TraceEncodings.ReadBytes(bytes, TraceFormat.OracleGeneral, "f")).Message);
    }

    [Fact]
    public void A_binary_trace_of_another_version_is_refused()
    {
        var bytes = TraceEncodings.Binary([new(1, false)]);
        bytes[8] = 9;
        Assert.Equal("f: byte 8: binary page trace version 9; this toolkit reads version 1",
                     Assert.Throws<FormatException>(() => TraceEncodings.ReadBytes(bytes, TraceFormat.Binary, "f")).Message);
    }

    [Fact]
    public void A_binary_trace_cut_mid_record_names_the_offset()
    {
        var bytes = TraceEncodings.Binary([new(1, false), new(2, true)])[..29];
        Assert.Equal("f: byte 24: a partial record of 5 bytes at the end (records are 8 bytes)",
                     Assert.Throws<FormatException>(() => TraceEncodings.ReadStream(bytes, TraceFormat.Binary, "f")).Message);
    }

    [Fact]
    public void Binary_data_without_the_magic_is_refused_when_detecting()
    {
        var e = Assert.Throws<FormatException>(() => TraceEncodings.ReadBytes(new byte[100], TraceFormat.Auto, "z.bin"));
        Assert.Equal("z.bin: binary data without the toolkit's trace magic; if it is a libCacheSim oracleGeneral trace, give --format oracleGeneral", e.Message);
    }

    [Fact]
    public void An_odd_page_size_is_refused()
        => Assert.Contains("--page-size must be a power of two", Assert.Throws<ArgumentException>(() => new TraceReadOptions(PageSize: 3000).PageShift).Message);
}
