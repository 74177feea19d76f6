using System.Globalization;
using System.Text;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// The frame-by-frame table the course notes print: one column per reference, one row per physical frame, the page each
/// frame holds after that reference ("-" while empty) and a '*' on the frame that was just loaded (none on a hit).
/// <see cref="Render"/> reproduces the notes' layout character for character.
/// </summary>
public sealed class FrameTable
{
    private readonly List<long> _references = new();
    private readonly List<long[]> _columns = new();   // page per frame after each step, -1 = empty; frames past a column's end are empty
    private readonly List<int> _loaded = new();       // frame loaded at each step, -1 on a hit

    public FrameTable(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
    }

    public int Frames { get; }
    public int Steps => _references.Count;
    public IReadOnlyList<long> References => _references;

    /// <summary>The page in <paramref name="frame"/> after step <paramref name="step"/>, or null if the frame is empty.</summary>
    public long? PageAt(int frame, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, Frames);
        long[] column = _columns[step];
        return frame < column.Length && column[frame] >= 0 ? column[frame] : null;
    }

    /// <summary>The frame loaded by step <paramref name="step"/>, or -1 if that reference was a hit.</summary>
    public int LoadedFrame(int step) => _loaded[step];

    /// <summary>Number of loads ('*' marks) in the table, which is the number of faults.</summary>
    public int Loads => _loaded.Count(f => f >= 0);

    internal void Record(long reference, ReadOnlySpan<long> pageOfFrame, int loadedFrame)
    {
        if (pageOfFrame.Length > Frames) throw new ArgumentException($"{pageOfFrame.Length} frames recorded in a table of {Frames}", nameof(pageOfFrame));
        _references.Add(reference);
        _columns.Add(pageOfFrame.ToArray());
        _loaded.Add(loadedFrame);
    }

    /// <summary>The header line and one line per frame, e.g. "physical page 1 :*0 0 0 *3 3 3 *4 4 4 4 4 4".</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>(Frames + 1)
        {
            "Reference string: " + string.Join(' ', _references.Select(r => r.ToString(CultureInfo.InvariantCulture))),
        };
        for (int f = 0; f < Frames; f++)
        {
            var sb = new StringBuilder();
            sb.Append("physical page ").Append(f + 1).Append(" :");
            for (int s = 0; s < Steps; s++)
            {
                bool star = _loaded[s] == f;
                // The notes put a space before every cell except a starred first one (":*0" but ": -").
                if (s > 0 || !star) sb.Append(' ');
                if (star) sb.Append('*');
                long? page = PageAt(f, s);
                sb.Append(page is { } p ? p.ToString(CultureInfo.InvariantCulture) : "-");
            }
            lines.Add(sb.ToString());
        }
        return lines;
    }

    public string Render() => string.Join('\n', Lines());

    public override string ToString() => Render();
}
