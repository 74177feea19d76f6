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
    public const long MaxPagesNamed = 1L << 21;

    /// <summary>Runs of consecutive pages that protect, advise and remap change, in all. Each can split a mapping in
    /// two: the kernel allows 65,530 mappings per process, and the model's work grows with the square of their number.</summary>
    public const int MaxPageRuns = 8192;

    /// <summary>Pages the scenario makes real, in all: file pages, touched pages, populated pages, toupper's pages,
    /// malloc'd bytes. Each costs a page of memory on each side (256 MiB at 4 KiB pages), and the model's time: past
    /// its 4,096 frames it pages to its own swap, tens of microseconds a page.</summary>
    public const long MaxPagesMadeReal = 1L << 16;

    /// <summary>File pages read back, in all: sync, unmap and observe of a data or memory file's mapping sum the
    /// whole file through read(2) on both sides. 512 MiB at 4 KiB pages.</summary>
    public const long MaxPagesReadBack = 1L << 17;

    /// <summary>Page-table entries read, in all: the real side reads a whole region's entries from /proc/PID/pagemap
    /// after map and advise, and for observe (2^32 entries took 23 s here). 2^31 pages = 8 TiB of address space.</summary>
    public const long MaxPagesScanned = 1L << 31;

    /// <summary>References one replay may have, and all replays together. On the real side every miss is a fault
    /// the user-level pager handles, up to 80 µs with an eviction on a slow virtual machine.</summary>
    public const int MaxReplayReferences = 100_000, MaxReplayReferencesInAll = 200_000;

    /// <summary>The highest page a replay may name: the pager's region holds every page up to it.</summary>
    public const int MaxReplayPage = 65_535;

    /// <summary>malloc'd blocks in all (the model writes each one).</summary>
    public const long MaxMallocBlocks = 1_000_000;

    /// <summary>Text pages one exec may run: the child agent passes a program at most 8 arguments, and two of them
    /// name the file the program creates when it is ready.</summary>
    public const int MaxExecPages = Agents.ChildAgent.MaxExecArguments - 2;

    /// <summary>The text block of the toolkit's program (native/src/programs/textprog.c, TEXT_PAGES): exec runs pages of it.</summary>
    public const int ProgramTextPages = 32;
}
