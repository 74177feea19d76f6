using System.Globalization;

namespace MmapToolkit.Demos.Running;

/// <summary>
/// The <c>fault-pages</c> counter: which of a region's pages faulted in a step, written as ranges ("0-3,7"; "none"), and
/// the shape of difference each known reason can produce. A reason explains a difference in the pages only where the
/// difference has that shape: fault-around (one fault maps its neighbours) can only leave the kernel with fewer
/// faulting pages than the model; dirty tracking (a second fault on the first store) and a child's refault after fork
/// only with more. Any other reason key is not checked beyond the kernel facts it needs.
/// </summary>
public static class FaultPages
{
    public const string None = "none";

    public static string Format(IEnumerable<int> pages)
    {
        var sorted = pages.Distinct().Order().ToList();
        if (sorted.Count == 0) return None;
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? Text(sorted[i]) : $"{Text(sorted[i])}-{Text(sorted[j])}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>The pages a <see cref="Format"/> text names.</summary>
    public static SortedSet<int> Parse(string text)
    {
        var pages = new SortedSet<int>();
        if (text == None) return pages;
        foreach (string part in text.Split(','))
        {
            int dash = part.IndexOf('-');
            int first = int.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            int last = dash < 0 ? first : int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            for (int p = first; p <= last; p++) pages.Add(p);
        }
        return pages;
    }

    /// <summary>Null when a difference between the model's and the kernel's pages has the shape
    /// <paramref name="reasonKey"/> produces; otherwise why it does not.</summary>
    public static string? WhyReasonDoesNotFit(string reasonKey, string model, string kernel)
    {
        var m = Parse(model);
        var k = Parse(kernel);
        return reasonKey switch
        {
            "fault-around" when !k.IsSubsetOf(m) =>
                $"'fault-around' only spares the kernel faults, but the kernel faulted on page(s) {Format(k.Except(m))} the model did not",
            "dirty-tracking" or "fork-refault" when !k.IsSupersetOf(m) =>
                $"'{reasonKey}' only adds kernel faults, but the model faulted on page(s) {Format(m.Except(k))} the kernel did not",
            _ => null,
        };
    }

    private static string Text(int page) => page.ToString(CultureInfo.InvariantCulture);
}
