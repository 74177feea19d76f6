using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement;

public class NotesTableTests
{
    private static readonly IReadOnlyList<PageReference> Trace = TraceParser.Parse(NotesTables.ReferenceString);

    private static string[] Table(string policy, int frames)
        => TraceSimulator.Run(policy, frames, Trace, recordTable: true).Table!.Lines().ToArray();

    [Fact]
    public void Fifo_with_three_frames_matches_the_notes_character_for_character()
        => Assert.Equal(NotesTables.Fifo3, Table("fifo", 3));

    [Fact]
    public void Fifo_with_four_frames_matches_the_notes_character_for_character()
        => Assert.Equal(NotesTables.Fifo4, Table("fifo", 4));

    [Fact]
    public void Opt_with_three_frames_matches_the_notes_character_for_character()
        => Assert.Equal(NotesTables.Opt3, Table("opt", 3));

    [Fact]
    public void Table_rendering_reproduces_the_quoted_lines()
    {
        var lines = Table("fifo", 3);
        Assert.Equal("Reference string: 0 1 2 3 0 1 4 0 1 2 3 4", lines[0]);
        Assert.Equal("physical page 1 :*0 0 0 *3 3 3 *4 4 4 4 4 4", lines[1]);
        Assert.Equal("physical page 2 : - *1 1 1 *0 0 0 0 0 *2 2 2", lines[2]);
    }

    // True LRU: at the 6th reference (page 1) the least recently used of {3, 0, 2} is 2, so 1 replaces 2 in frame 3.
    private static readonly string[] CorrectLru3 =
    [
        "Reference string: 0 1 2 3 0 1 4 0 1 2 3 4",
        "physical page 1 :*0 0 0 *3 3 3 *4 4 4 *2 2 2",
        "physical page 2 : - *1 1 1 *0 0 0 0 0 0 *3 3",
        "physical page 3 : - - *2 2 2 *1 1 1 1 1 1 *4",
    ];

    [Fact]
    public void Lru_with_three_frames_gives_the_correct_table()
        => Assert.Equal(CorrectLru3, Table("lru", 3));

    [Fact]
    public void The_notes_lru_table_has_a_slip_at_the_sixth_reference_and_eleven_loads()
    {
        string[] printed = NotesTables.Lru3AsPrinted;
        string[] computed = Table("lru", 3);
        Assert.Equal(computed[0], printed[0]);
        // Columns 1-5 agree; the 6th reference is page 1, but the notes mark "*2" in frame 3.
        var printedCells = Cells(printed);
        var computedCells = Cells(computed);
        for (int step = 0; step < 5; step++)
            for (int f = 0; f < 3; f++)
                Assert.Equal(computedCells[f][step], printedCells[f][step]);
        Assert.Equal("*2", printedCells[2][5]);
        Assert.Equal("*1", computedCells[2][5]);
        // The printed later columns follow the slip: 11 loads, where LRU really takes 10 faults.
        Assert.Equal(11, printedCells.Sum(row => row.Count(c => c.StartsWith('*'))));
        Assert.Equal(10, computedCells.Sum(row => row.Count(c => c.StartsWith('*'))));
        Assert.Equal(10, TraceSimulator.Run("lru", 3, Trace).Faults);
        Assert.NotEqual(printed, computed);
    }

    private static string[][] Cells(string[] table)
        => table.Skip(1).Select(l => l[(l.IndexOf(':') + 1)..].Replace("*", " *")
                                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Theory]
    [InlineData("fifo", 3, 9)]
    [InlineData("fifo", 4, 10)]
    [InlineData("lru", 3, 10)]
    [InlineData("lru", 4, 8)]
    [InlineData("opt", 3, 7)]
    [InlineData("opt", 4, 6)]
    [InlineData("clock", 3, 9)]
    [InlineData("clock", 4, 10)]
    public void Design_counts_on_the_notes_reference_string(string policy, int frames, long faults)
    {
        var r = TraceSimulator.Run(policy, frames, Trace);
        Assert.Equal(faults, r.Faults);
        Assert.Equal(12 - faults, r.Hits);
        Assert.Equal(12, r.References);
    }

    [Fact]
    public void Table_stars_count_the_faults()
    {
        foreach (var policy in new[] { "fifo", "lru", "opt", "clock", "random", "lfu", "mfu", "sieve", "arc", "clock2" })
        {
            var r = TraceSimulator.Run(policy, 3, Trace, recordTable: true);
            Assert.Equal(r.Faults, r.Table!.Loads);
        }
    }
}
