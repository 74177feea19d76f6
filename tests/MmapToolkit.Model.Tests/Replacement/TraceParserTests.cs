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
}
