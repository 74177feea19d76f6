namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// The pages a step names: <c>all</c>, <c>3</c>, <c>0..7</c> (inclusive), <c>0,3,5</c>, or <c>0..63/8</c> (every 8th).
/// Parts may be combined with commas: <c>0..3,10,20..30/5</c>.
/// </summary>
public sealed class PageSet
{
    private readonly int[]? _pages;

    private PageSet(int[]? pages) => _pages = pages;

    public static PageSet All { get; } = new(null);

    public bool IsAll => _pages is null;

    /// <summary>The page numbers, in the order written, for a region of <paramref name="regionPages"/> pages.</summary>
    public int[] Resolve(int regionPages) => _pages ?? Enumerable.Range(0, regionPages).ToArray();

    /// <summary>Parses <paramref name="text"/> for a region of <paramref name="regionPages"/> pages; every page named must lie in it.</summary>
    public static bool TryParse(string text, int regionPages, out PageSet set, out string error, string regionName = "the region")
    {
        set = All;
        error = "";
        if (text == "all") return true;
        var pages = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!TryParsePart(part, regionPages, regionName, pages, out error)) return false;
        }
        set = new PageSet(pages.ToArray());
        return true;
    }

    private static bool TryParsePart(string part, int regionPages, string regionName, List<int> pages, out string error)
    {
        error = $"'{part}' is not a page, a range like 0..7, or a stepped range like 0..63/8";
        int stride = 1;
        string range = part;
        int slash = part.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(part[(slash + 1)..], out stride) || stride < 1) return false;
            range = part[..slash];
        }
        int dots = range.IndexOf("..", StringComparison.Ordinal);
        int first, last;
        if (dots < 0)
        {
            if (slash >= 0 || !int.TryParse(range, out first) || first < 0) return false;
            last = first;
        }
        else if (!int.TryParse(range[..dots], out first) || !int.TryParse(range[(dots + 2)..], out last) || first < 0 || last < first)
        {
            return false;
        }
        if (last >= regionPages)
        {
            error = $"page {last} is outside {regionName} (pages 0..{regionPages - 1})";
            return false;
        }
        if (pages.Count + ((long)last - first) / stride + 1 > ScenarioLimits.MaxPagesPerStep)
        {
            error = $"'{part}' names more than {ScenarioLimits.MaxPagesPerStep} pages: a step names at most {ScenarioLimits.MaxPagesPerStep}";
            return false;
        }
        for (long p = first; p <= last; p += stride) pages.Add((int)p);
        return true;
    }

    /// <summary>Consecutive pages grouped into runs, in the order given: 0,1,2,5,6 gives (0, 3) and (5, 2). One
    /// system call per run, as a program would make it (readahead and VMA splits depend on it).</summary>
    public static IEnumerable<(int First, int Count)> Runs(int[] pages)
    {
        for (int i = 0; i < pages.Length;)
        {
            int j = i + 1;
            while (j < pages.Length && pages[j] == pages[j - 1] + 1) j++;
            yield return (pages[i], j - i);
            i = j;
        }
    }

    public override string ToString() => _pages is null ? "all" : string.Join(',', _pages);
}
