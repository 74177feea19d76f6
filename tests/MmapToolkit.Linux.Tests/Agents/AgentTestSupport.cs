using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Agents;

internal static class AgentTestSupport
{
    public const int SIGKILL = 9, SIGSTOP = 19;

    /// <summary>True when no process <paramref name="pid"/> exists any more (not even as a zombie).</summary>
    public static bool IsGone(int pid) => !Directory.Exists($"/proc/{pid}");

    /// <summary>The PPid line of /proc/PID/status.</summary>
    public static int ParentOf(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim());

    /// <summary>The address of page i of the mapping, for each page index given.</summary>
    public static nint[] Pages(MemoryMapping m, IEnumerable<int> pages) =>
        pages.Select(i => m.Address + (nint)i * m.PageSize).ToArray();

    public static nint[] Pages(MemoryMapping m, int first, int count) => Pages(m, Enumerable.Range(first, count));

    /// <summary>A private anonymous NoHugePage mapping whose pages all hold <paramref name="value"/> in their first byte.</summary>
    public static MemoryMapping WrittenPages(int pages, byte value)
    {
        var m = PageTouch.FreshPages(pages);
        PageTouch.Write(m.Span, m.PageSize, 0, pages, value);
        return m;
    }
}
