using static MmapToolkit.Demos.Scenarios.ScenarioLimits;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// What the scenario read so far asks for, against <see cref="ScenarioLimits"/>. Each method adds a step's cost and
/// returns the problem when a limit is passed, or null.
/// </summary>
internal sealed class ScenarioBudget
{
    private long _named, _madeReal, _readBack, _scanned, _replayed, _mallocBlocks;
    private int _files, _regions, _forks, _runs;

    public string? File(int pages) =>
        ++_files > MaxFiles ? $"more than {MaxFiles} files in one scenario" : MadeReal(pages, "file pages");

    public string? Region() => ++_regions > MaxRegions ? $"more than {MaxRegions} regions mapped in one scenario" : null;

    public string? Fork(int living) =>
        ++_forks > MaxForks ? $"more than {MaxForks} forks in one scenario"
        : living >= MaxLivingProcesses ? $"{MaxLivingProcesses} processes are alive already: exit one before forking another"
        : null;

    /// <summary>A step that lists <paramref name="pages"/> pages (PAGES, or all of a region).</summary>
    public string? Named(long pages, string what)
    {
        if (pages > MaxPagesPerStep)
            return $"{what} names {pages} pages: a step names at most {MaxPagesPerStep} (name fewer pages)";
        _named += pages;
        return _named > MaxPagesNamed ? $"the steps name more than {MaxPagesNamed} pages in all" : null;
    }

    /// <summary>Runs of consecutive pages whose protection, advice or backing a step changes.</summary>
    public string? Runs(int runs)
    {
        _runs += runs;
        return _runs > MaxPageRuns
            ? $"protect, advise and remap change more than {MaxPageRuns} separate runs of pages in all (each can split a mapping); name longer runs"
            : null;
    }

    /// <summary>Pages that get a frame (touched, populated, a file's pages, malloc'd memory).</summary>
    public string? MadeReal(long pages, string what)
    {
        _madeReal += pages;
        return _madeReal > MaxPagesMadeReal
            ? $"{what}: the scenario would make more than {MaxPagesMadeReal} pages real in all (files, touches, populate, toupper, malloc; 256 MiB of 4 KiB pages)"
            : null;
    }

    /// <summary>File pages summed through read(2) after a step on a mapping of the file.</summary>
    public string? ReadBack(long pages)
    {
        _readBack += pages;
        return _readBack > MaxPagesReadBack
            ? $"the scenario would read back more than {MaxPagesReadBack} file pages in all (sync, unmap and observe of a file mapping read the whole file)"
            : null;
    }

    /// <summary>Page-table entries the real side reads for this step (the whole region).</summary>
    public string? Scanned(long pages)
    {
        _scanned += pages;
        return _scanned > MaxPagesScanned
            ? $"the scenario would read more than {MaxPagesScanned} page-table entries in all (map, advise and observe read a whole region's); use smaller regions"
            : null;
    }

    public string? Replayed(int references)
    {
        if (references > MaxReplayReferences) return $"{references} references: a replay has at most {MaxReplayReferences}";
        _replayed += references;
        return _replayed > MaxReplayReferencesInAll ? $"the replays have more than {MaxReplayReferencesInAll} references in all" : null;
    }

    public string? Malloc(long blocks, long bytes, int pageSize)
    {
        _mallocBlocks += blocks;
        if (_mallocBlocks > MaxMallocBlocks) return $"more than {MaxMallocBlocks} malloc'd blocks in all";
        return MadeReal((bytes + pageSize - 1) / pageSize, "malloc");
    }
}
