using MmapToolkit.Model.Replacement;

namespace MmapToolkit.TestTables;

/// <summary>
/// The replacement semantics of docs/design.md section 3 as one table: a trace, a policy and a frame count give these
/// faults and this sequence of evicted pages. Every row was derived by hand from the section's definitions (frames
/// fill lowest first; OPT's ties go to the lowest frame; CLOCK's hand starts at frame 0; random draws SplitMix64 seeded
/// with <see cref="RandomSeed"/>, victim frame = draw % frames) and checked against an independent script.
/// A trace token "3w" is a store to page 3. In the evictions, "3w" is page 3 evicted dirty (written to swap), a plain
/// "3" a clean drop, which keeps any swap copy the page already had.
/// Checked against the model's policy classes and its fast loops (MmapToolkit.Model.Tests) and against the user-level
/// pager's event log (MmapToolkit.Linux.Tests); this file is compiled into both.
/// </summary>
internal static class EvictionTable
{
    public const ulong RandomSeed = 1;

    public const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    /// <summary>A store to a resident page dirties it (0w at the 4th reference); pages come back from swap and leave
    /// again, clean (0 at t10 under FIFO) or written again (2w).</summary>
    public const string Writes = "0 1w 2 0w 3 1 4 0 2w 3 1 0";

    /// <summary>Page 0 is written, swapped out, read back and dropped clean (its swap copy stays valid), then written
    /// again and swapped out again.</summary>
    public const string SwapCopy = "0w 1 2 0 1 2 0w 1 2";

    public static readonly Row[] Rows =
    [
        // The notes' string: FIFO 9 and 10 faults (Belady's anomaly), LRU 10 and 8, OPT 7 and 6, CLOCK 9 and 10.
        new(Notes, "fifo", 3, 9, "0 1 2 3 0 1"),
        new(Notes, "fifo", 4, 10, "0 1 2 3 4 0"),
        new(Notes, "lru", 3, 10, "0 1 2 3 4 0 1"),
        new(Notes, "lru", 4, 8, "2 3 4 0"),
        new(Notes, "clock", 3, 9, "0 1 2 3 0 1"),
        new(Notes, "clock", 4, 10, "0 1 2 3 4 0"),
        new(Notes, "opt", 3, 7, "2 3 0 2"),          // at 2 both 0 and 1 are never used again: frame 0 (page 0) goes
        new(Notes, "opt", 4, 6, "3 0"),
        new(Notes, "random", 3, 8, "2 1 0 3 1"),     // draws % 3: 2 1 0 2 0
        new(Notes, "random", 4, 7, "1 3 2"),         // draws % 4: 1 3 2

        new(Writes, "fifo", 3, 10, "0w 1w 2 3 4 0 2w"),
        new(Writes, "lru", 3, 11, "1w 2 0w 3 1 4 0 2w"),
        new(Writes, "clock", 3, 10, "0w 2 1w 3 4 0 2w"),
        new(Writes, "opt", 3, 7, "2 1w 4 2w"),
        new(Writes, "random", 3, 8, "2 1w 0w 3 2w"),  // draws % 3: 2 1 0 2 0

        new(SwapCopy, "fifo", 2, 9, "0w 1 2 0 1 2 0w"),
        new(SwapCopy, "lru", 2, 9, "0w 1 2 0 1 2 0w"),
        new(SwapCopy, "clock", 2, 9, "0w 1 2 0 1 2 0w"),
        new(SwapCopy, "opt", 2, 6, "1 0w 2 1"),
        new(SwapCopy, "random", 2, 7, "1 2 0w 1 0w"), // draws % 2: 1 1 0 1 1
    ];

    public sealed record Row(string Trace, string Policy, int Frames, long Faults, string Evicted)
    {
        public IReadOnlyList<PageReference> References => TraceParser.Parse(Trace);

        public override string ToString() => $"{Policy} at {Frames} frames on \"{Trace}\"";
    }

    /// <summary>What one implementation did on a row: its faults and its evictions in order.</summary>
    public sealed record Observed(long Faults, IReadOnlyList<(long Page, bool Dirty)> Evictions)
    {
        public string Evicted => string.Join(' ', Evictions.Select(e => e.Dirty ? $"{e.Page}w" : $"{e.Page}"));
    }

    /// <summary>Runs <paramref name="run"/> on every row it covers (null = not covered) and fails naming each row where
    /// <paramref name="implementation"/> disagrees with the table.</summary>
    public static void Check(string implementation, Func<Row, Observed?> run)
    {
        var wrong = new List<string>();
        int covered = 0;
        foreach (var row in Rows)
        {
            if (run(row) is not { } seen) continue;
            covered++;
            if (seen.Faults != row.Faults || seen.Evicted != row.Evicted)
                wrong.Add($"{row}: the table says {row.Faults} faults, evicted \"{row.Evicted}\"; "
                          + $"got {seen.Faults} faults, evicted \"{seen.Evicted}\"");
        }
        Assert.True(covered > 0, $"{implementation} covers no row of the eviction table");
        Assert.True(wrong.Count == 0, $"{implementation} against the eviction table:\n" + string.Join('\n', wrong));
    }
}
