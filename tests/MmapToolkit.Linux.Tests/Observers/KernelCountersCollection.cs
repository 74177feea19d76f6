namespace MmapToolkit.Linux.Tests.Observers;

/// <summary>
/// Tests that read exact kernel counters (fault counts, share counts) run in this collection, alone: a fork by
/// any other test running in parallel would share our pages for a moment and raise their share counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCountersCollection
{
    public const string Name = "exact kernel counters (runs alone)";
}

internal static class Privileges
{
    /// <summary>PFNs in pagemap and /proc/kpagecount can be read here, decided by trying (root without CAP_SYS_ADMIN,
    /// as in a container, cannot); tests that need them assert "needs root" otherwise.</summary>
    public static bool SeesFrames => MmapToolkit.Observers.PhysicalPages.IsAvailable;
}
