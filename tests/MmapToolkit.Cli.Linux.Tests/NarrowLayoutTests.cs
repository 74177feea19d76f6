using MmapToolkit.Cli.Commands;
using Spectre.Console;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><see cref="NarrowLayout.Wrap"/>: lines of at most the width, cut between words only, with their indent.</summary>
public class NarrowLayoutTests
{
    [Fact]
    public void Lines_are_cut_at_spaces_and_keep_every_word_in_order()
    {
        string text = "the quick brown fox jumps over the lazy dog and keeps on running";
        var lines = NarrowLayout.Wrap(text, 20).ToList();
        Assert.Equal(["the quick brown fox", "jumps over the lazy", "dog and keeps on", "running"], lines);
    }

    [Fact]
    public void Indent_applies_to_every_line_and_hanging_to_the_continuations()
    {
        Assert.Equal(["  one two", "  three four", "  five"], NarrowLayout.Wrap("one two three four five", 12, indent: 2));
        Assert.Equal(["pages: 1 2 3", "       4 5 6", "       7"], NarrowLayout.Wrap("pages: 1 2 3 4 5 6 7", 12, hanging: 7));
    }

    [Fact]
    public void A_word_longer_than_the_line_stands_whole_on_its_own_line()
    {
        string path = "/a/very/long/path/that/does/not/fit";
        Assert.Equal(["see", path, "for more"], NarrowLayout.Wrap($"see {path} for more", 12));
    }

    [Fact]
    public void Spaces_inside_a_line_stay_and_those_at_a_break_go()
    {
        Assert.Equal(["a  b   c"], NarrowLayout.Wrap("a  b   c", 80));
        Assert.Equal(["aaaa", "bbbb"], NarrowLayout.Wrap("aaaa    bbbb", 6));
        Assert.Equal([""], NarrowLayout.Wrap("", 10));
        Assert.Equal(["short"], NarrowLayout.Wrap("short", 80));
    }

    [Fact]
    public void Boxed_width_is_the_width_spectre_draws_the_table_at()
    {
        var table = new Table().AddColumn("mapping").AddColumn("faults");
        table.AddRow("/usr/lib/x86_64-linux-gnu/libc.so.6", "22").AddRow("[[stack]]", "1,234,567");   // escaped markup: measured as the 7 letters it shows
        var writer = new StringWriter();
        CommandOutput.ForWriter(writer, 200).Console.Write(table);
        var drawn = writer.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(drawn, l => Assert.Equal(NarrowLayout.BoxedWidth(table), l.TrimEnd().Length));
        Assert.Equal(35 + 9 + 3 * 2 + 1, NarrowLayout.BoxedWidth(table));
    }

    [Fact]
    public void File_names_lose_their_directory_and_other_names_stay()
    {
        Assert.Equal("libc.so.6", NarrowLayout.FileName("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Equal("[heap]", NarrowLayout.FileName("[heap]"));
        Assert.Equal("anonymous", NarrowLayout.FileName("anonymous"));
        Assert.Equal("", NarrowLayout.FileName(""));
    }
}
