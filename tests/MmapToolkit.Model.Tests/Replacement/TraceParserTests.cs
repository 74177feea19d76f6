using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

public class TraceParserTests
{
    [Fact]
    public void Parses_pages_write_marks_comments_and_newlines()
    {
        var t = TraceParser.Parse("0 1w 2\n3r # comment 9 9\n\t4W 5R");
        Assert.Equal(
            [new(0, false), new(1, true), new(2, false), new(3, false), new(4, true), new(5, false)],
            t);
    }

    [Theory]
    [InlineData("0 1\n2 x3", 2, "x3")]
    [InlineData("0\n\n\n-1", 4, "-1")]
    [InlineData("w", 1, "w")]
    [InlineData("1 2 3q", 1, "3q")]
    [InlineData("99999999999999999999", 1, "99999999999999999999")]
    public void A_bad_token_names_source_line_and_token(string text, int line, string token)
    {
        var e = Assert.Throws<FormatException>(() => TraceParser.Parse(text, "t.txt"));
        Assert.Contains("t.txt", e.Message);
        Assert.Contains($"line {line}", e.Message);
        Assert.Contains($"'{token}'", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-trace-{Guid.NewGuid():N}.txt");
        var e = Assert.Throws<FileNotFoundException>(() => TraceParser.ParseFile(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Parses_a_file_one_page_per_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, "1\n2w\n3\n");
            Assert.Equal([new(1, false), new(2, true), new(3, false)], TraceParser.ParseFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        string dir = Directory.CreateTempSubdirectory("trace-dir-").FullName;
        try
        {
            var e = Assert.Throws<ArgumentException>(() => TraceParser.ParseFile(dir));
            Assert.Equal($"trace file '{dir}' is a directory, not a file of page numbers", e.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        string path = Path.Combine(Path.GetTempPath(), $"huge-trace-{Guid.NewGuid():N}.txt");
        try
        {
            using (var f = File.Create(path)) f.SetLength(TraceParser.MaxFileBytes + 1);   // sparse: no disk used
            var e = Assert.Throws<ArgumentException>(() => TraceParser.ParseFile(path));
            Assert.Contains($"is {TraceParser.MaxFileBytes + 1:N0} bytes; the limit is {TraceParser.MaxFileBytes:N0} bytes", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void More_references_than_the_limit_are_refused_naming_the_line()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i <= TraceParser.MaxReferences; i++) text.Append("7\n");
        var e = Assert.Throws<ArgumentException>(() => TraceParser.Parse(text.ToString(), "big.trace"));
        Assert.Contains($"big.trace: more than {TraceParser.MaxReferences:N0} references (line {TraceParser.MaxReferences + 1})", e.Message);
    }

    [Fact]
    public void A_stream_that_never_ends_fails_at_its_first_token()
    {
        // What /dev/zero gives: NUL characters forever. The parser reads a token's first characters only.
        var e = Assert.Throws<FormatException>(() => TraceParser.Parse(new EndlessReader('\0'), "/dev/zero"));
        Assert.Contains("/dev/zero: line 1: bad token '\\x00\\x00", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void A_stream_is_read_as_the_same_trace_as_its_text()
    {
        string text = "0 1w 2\n3r # comment 9 9\n\t4W 5R\n" + string.Join(' ', Enumerable.Range(0, 50_000));
        Assert.Equal(TraceParser.Parse(text), TraceParser.Parse(new StringReader(text)));
    }

    private sealed class EndlessReader(char c) : TextReader
    {
        public override int Read(char[] buffer, int index, int count)
        {
            Array.Fill(buffer, c, index, count);
            return count;
        }
    }
}
