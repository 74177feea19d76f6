namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// How much a scenario may ask for, checked by the parser before anything runs (docs/scenarios.md, "Limits"). A demo
/// is a file people share: it must not be able to exhaust this machine's memory, disk, processes or time. Sizes are
/// in pages; the bytes they stand for are given for 4 KiB pages. The shipped demos use a small fraction of each.
/// </summary>
public static class ScenarioLimits
{
    /// <summary>A scenario file: 1 MiB of text (a device or pipe given as a scenario could be endless).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Files declared: each is a real file or memfd on one side and an in-memory file on the other.</summary>
    public const int MaxFiles = 64;

    /// <summary>Regions mapped in all (each is at least one VMA; the kernel allows 65,530 per process).</summary>
    public const int MaxRegions = 1024;

    /// <summary>Processes alive at once, and forks in all: each is a real child process.</summary>
    public const int MaxLivingProcesses = 64, MaxForks = 256;

    /// <summary>Pages one step names (PAGES, or <c>all</c> of a region): both sides list them one by one.</summary>
    public const int MaxPagesPerStep = 1 << 20;

    /// <summary>Pages named by all steps together: bounds the work of touch, protect, advise, observe and exec.</summary>
    public const long MaxPagesNamed = 1L << 22;

    /// <summary>Pages the scenario makes real, in all: file pages, touched pages, populated pages, toupper's pages,
    /// malloc'd bytes. Each costs a page of memory on each side: 1 GiB at 4 KiB pages.</summary>
    public const long MaxPagesMadeReal = 1L << 18;

    /// <summary>Page-table entries read, in all: the real side reads a whole region's entries from /proc/PID/pagemap
    /// after map and advise, and for observe (about 1 s per 2^29 pages here). 2^33 pages = 32 TiB of address space.</summary>
    public const long MaxPagesScanned = 1L << 33;

    /// <summary>References one replay may have, and all replays together.</summary>
    public const int MaxReplayReferences = 1_000_000, MaxReplayReferencesInAll = 4_000_000;

    /// <summary>The highest page a replay may name: the pager's region holds every page up to it.</summary>
    public const int MaxReplayPage = 65_535;

    /// <summary>malloc'd blocks in all (the model writes each one).</summary>
    public const long MaxMallocBlocks = 10_000_000;

    /// <summary>The text block of the toolkit's program (native/src/textprog.c, TEXT_PAGES): exec runs pages of it.</summary>
    public const int ProgramTextPages = 32;
}
