using MmapToolkit.Interop;

namespace MmapToolkit.Processes;

/// <summary>
/// What a forked child does, described in the parent and carried out by native code in the child
/// (docs/design.md rule 1: no managed code runs after fork). Touches run in the order they were added; the
/// child counts its faults (RUSAGE_THREAD) and times them, and records the pagemap entries of the watched
/// pages just before and just after. Example:
/// <code>new ChildWorkload().Write(mapping, Enumerable.Range(0, k)).Watch(mapping).HoldUntilReleased()</code>
/// </summary>
public sealed class ChildWorkload
{
    private readonly List<NativeLib.ForkProbeTouch> _touches = [];
    private readonly List<nint> _watch = [];

    internal IReadOnlyList<NativeLib.ForkProbeTouch> Touches => _touches;
    internal IReadOnlyList<nint> WatchedPages => _watch;

    /// <summary>Stay alive after reporting until <see cref="ForkProbe.Release"/> (or dispose), so several children can share frames at once.</summary>
    public bool Holds { get; private set; }

    /// <summary>Wait, before any work, until <see cref="ForkProbe.Go"/>: the parent can look at the state right after fork.</summary>
    public bool WaitsForGo { get; private set; }

    /// <summary>The workload of a grandchild this child forks after its own work, or null.</summary>
    public ChildWorkload? Grandchild { get; private set; }

    /// <summary>Touches added so far.</summary>
    public int TouchCount => _touches.Count;

    /// <summary>Read one byte of each listed page of <paramref name="region"/>.</summary>
    public ChildWorkload Read(MemoryRegion region, IEnumerable<int> pages) => Touch(region, pages, write: false, 0);

    /// <summary>Write <paramref name="value"/> into the first byte of each listed page of <paramref name="region"/>.</summary>
    public ChildWorkload Write(MemoryRegion region, IEnumerable<int> pages, byte value = 0xA5) => Touch(region, pages, write: true, value);

    /// <summary>Record the pagemap entries of the listed pages (all pages of the region when null) before and after the work.</summary>
    public ChildWorkload Watch(MemoryRegion region, IEnumerable<int>? pages = null)
    {
        foreach (int page in pages ?? Enumerable.Range(0, region.PageCount))
            _watch.Add(region.PageAddress(page));
        return this;
    }

    /// <summary>Sets <see cref="Holds"/>: the child stays alive after reporting until released.</summary>
    public ChildWorkload HoldUntilReleased()
    {
        Holds = true;
        return this;
    }

    /// <summary>Sets <see cref="WaitsForGo"/>: the child waits for the parent's go before any work.</summary>
    public ChildWorkload WaitForGo()
    {
        WaitsForGo = true;
        return this;
    }

    /// <summary>After its own work and report, the child forks a grandchild that runs <paramref name="grandchild"/>.</summary>
    public ChildWorkload ThenFork(ChildWorkload grandchild)
    {
        ArgumentNullException.ThrowIfNull(grandchild);
        if (grandchild.WaitsForGo)
            throw new ArgumentException("a grandchild cannot wait for Go(); only the child has a gate", nameof(grandchild));
        if (grandchild.Grandchild is not null)
            throw new ArgumentException("the fork probe goes two generations deep: a grandchild cannot fork again", nameof(grandchild));
        if (ReferenceEquals(grandchild, this))
            throw new ArgumentException("a workload cannot be its own grandchild", nameof(grandchild));
        Grandchild = grandchild;
        return this;
    }

    private ChildWorkload Touch(MemoryRegion region, IEnumerable<int> pages, bool write, byte value)
    {
        ArgumentNullException.ThrowIfNull(pages);
        foreach (int page in pages)
            _touches.Add(new NativeLib.ForkProbeTouch { Address = (ulong)region.PageAddress(page), Write = write ? 1u : 0u, Value = value });
        return this;
    }
}
