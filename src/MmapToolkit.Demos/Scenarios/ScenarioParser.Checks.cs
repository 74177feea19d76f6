using MmapToolkit.Agents;
using MmapToolkit.Files;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// The checks that keep a scenario inside its sandbox and its bounds, made on each step once it is read: plain names
/// (<see cref="ScenarioNames"/>), <see cref="ScenarioLimits"/>, system files that exist, and no access that would
/// kill the first process (the toolkit itself on the real side).
/// </summary>
public sealed partial class ScenarioParser
{
    private static readonly int PageSize = Environment.SystemPageSize;

    private readonly ScenarioBudget _budget = new();
    private readonly MainProcessProtections _mainProtections = new();
    private readonly Dictionary<string, FileStep> _fileSteps = [];
    private readonly Dictionary<string, string?> _regionFile = [];

    private void CheckStep(Step step)
    {
        switch (step)
        {
            case ProcessStep s: Named(s.Name, "process"); break;
            case ForkStep s:
                Named(s.Child, "process");
                Within(_budget.Fork(_processRegions.Count - _exited.Count - 1));
                break;
            case FileStep s: CheckFile(s); break;
            case MapStep s: CheckMap(s); break;
            case TouchStep s:
                NotRefusedInMain(s.Proc, s.Region, s.Pages, s.Write, "touching");
                long touched = Within(_regionPages[s.Region], s.Pages, "touch");
                Within(_budget.MadeReal(touched, "touch"));
                break;
            case ProtectStep s:
                Within(_regionPages[s.Region], s.Pages, "protect");
                Within(_budget.Runs(RunsOf(s.Pages, _regionPages[s.Region])));
                if (s.Proc == _first) _mainProtections.Protect(s.Region, s.Pages, _regionPages[s.Region], s.Protection);
                break;
            case AdviseStep s:
                long advised = Within(_regionPages[s.Region], s.Pages, "advise");
                Within(_budget.Runs(RunsOf(s.Pages, _regionPages[s.Region])));
                Within(_budget.Scanned(_regionPages[s.Region]));
                if (s.Advice is Advice.PopulateRead or Advice.PopulateWrite) Within(_budget.MadeReal(advised, "advise populate"));
                break;
            case ObserveStep s:
                Within(_budget.Scanned(_regionPages[s.Region]));
                if (s.Pages is not null) Within(_regionPages[s.Region], s.Pages, "observe");
                ReadsFileBack(s.Region);
                break;
            case SyncStep s: ReadsFileBack(s.Region); break;
            case UnmapStep s: ReadsFileBack(s.Region); break;
            case ExecStep s: CheckExec(s); break;
            case RemapStep s:
                Within(_budget.Runs(1));
                _mainProtections.Remapped(s.Region, s.Page);
                break;
            case ToUpperStep s:
                NotRefusedInMain(s.Proc, s.Region, PageSet.All, write: false, "toupper reading");
                NotRefusedInMain(s.Proc, s.Region, PageSet.All, write: true, "toupper writing");
                Within(_budget.MadeReal(_regionPages[s.Region], "toupper"));
                break;
            case MallocStep s: Within(_budget.Malloc(s.Count, (long)s.Count * s.Bytes, PageSize)); break;
            case ReplayStep s: CheckReplay(s); break;
        }
    }

    private void Named(string name, string what)
    {
        if (ScenarioNames.Problem(name, what) is { } problem) throw Error(problem);
    }

    private void Within(string? problem)
    {
        if (problem is not null) throw Error(problem);
    }

    /// <summary>Charges the pages a step names; returns how many.</summary>
    private long Within(int regionPages, PageSet pages, string what)
    {
        long count = pages.IsAll ? regionPages : pages.Resolve(regionPages).Length;
        Within(_budget.Named(count, pages.IsAll ? $"'{what} ... all'" : $"'{what}'"));
        return count;
    }

    /// <summary>After sync, unmap and observe of a data or memory file's mapping, both sides sum the whole file.</summary>
    private void ReadsFileBack(string region)
    {
        if (_regionFile.GetValueOrDefault(region) is { } file && _fileSteps[file].BytesComparable)
            Within(_budget.ReadBack(_fileSteps[file].Pages));
    }

    private static int RunsOf(PageSet pages, int regionPages) => pages.IsAll ? 1 : PageSet.Runs(pages.Resolve(regionPages)).Count();

    private void CheckFile(FileStep s)
    {
        _fileSteps[s.File] = s;
        Named(s.File, s.Kind == FileKind.Memory ? "memory" : "file");
        Within(_budget.File(s.Pages));
        if (s.Kind == FileKind.System) CheckSystemFile(s.SystemPath!, s.Pages);
        if (s.Kind == FileKind.Program && ProgramPages() is long available && s.Pages > available)
            throw Error($"the program is a copy of the toolkit's textprog, which is {available} pages long: declare at most {available} pages");
    }

    /// <summary>A system file is read (mapped, never written): where it exists it must be a regular file at least as long
    /// as declared. A missing one is no parse error: the model stands in for it, so <c>--model-only</c> runs on machines
    /// without it (the default facts name Debian's libc); the real side refuses it before its first step.</summary>
    private void CheckSystemFile(string path, int pages)
    {
        FileStatus? status;
        try
        {
            status = FileStatus.Of(path);
        }
        catch (SyscallException e)
        {
            throw Error($"the system file '{path}' cannot be examined: {e.Message}");
        }
        if (status is null) return;
        if (!status.IsRegular) throw Error($"the system file '{path}' is {status.TypeName}, not a regular file: only a regular file can be mapped as one");
        long filePages = (status.Size + PageSize - 1) / PageSize;
        if (filePages < pages) throw Error($"the system file '{path}' is {filePages} pages long, fewer than the {pages} declared");
    }

    /// <summary>Pages of the program that <c>program</c> files copy, or null where it is not built (the model alone runs then).</summary>
    private static long? ProgramPages()
    {
        try
        {
            return (new FileInfo(TextProgram.Path).Length + PageSize - 1) / PageSize;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void CheckMap(MapStep s)
    {
        Named(s.Region, "region");
        _regionFile[s.Region] = s.File;
        Within(_budget.Region());
        Within(_budget.Scanned(s.Pages));
        if (s.Populate) Within(_budget.MadeReal(s.Pages, "populate"));
        // The model holds a shared anonymous region's bytes as one file in memory, from the start.
        else if (s.File is null && s.Shared) Within(_budget.MadeReal(s.Pages, "a shared anonymous map"));
        if (s.Proc == _first)
            _mainProtections.Map(s.Region, s.Protection, mayAddWrite: s.File is null || !s.Shared || s.Protection.HasFlag(Protection.Write));
    }

    private void CheckExec(ExecStep s)
    {
        if (s.Run is null) return;
        int[] pages = s.Run.Resolve(_filePages[s.Program]);
        Within(_budget.Named(pages.Length, "'exec'"));
        if (pages.Length > ScenarioLimits.MaxExecPages)
            throw Error($"exec runs at most {ScenarioLimits.MaxExecPages} text pages (the program gets at most {ScenarioLimits.MaxExecPages + 2} arguments); this names {pages.Length}");
        int beyond = Array.FindIndex(pages, p => p >= ScenarioLimits.ProgramTextPages);
        if (beyond >= 0)
            throw Error($"page {pages[beyond]}: the program executes pages of its text block, 0..{ScenarioLimits.ProgramTextPages - 1}");
    }

    private void CheckReplay(ReplayStep s)
    {
        try
        {
            PolicyFactory.Normalize(s.Policy);
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message);
        }
        Within(_budget.Replayed(s.Trace.Count));
        foreach (var r in s.Trace)
            if (r.Page > ScenarioLimits.MaxReplayPage)
                throw Error($"page {r.Page}: a replay names pages 0..{ScenarioLimits.MaxReplayPage} (the pager's region holds every page up to the highest)");
    }

    /// <summary>The first process is the toolkit's own on the real side: an access that faults there would kill it.</summary>
    private void NotRefusedInMain(string process, string region, PageSet pages, bool write, string doing)
    {
        if (process != _first) return;
        if (_mainProtections.FirstRefused(region, pages, _regionPages[region], write) is { } refused)
            throw Error($"page {refused.Page} of '{region}' is {ProtectionName(refused.Protection)} in '{process}': {doing} it would kill " +
                        $"'{process}', which runs the demo; make this access in a forked child, which reports the SIGSEGV");
    }

    private static string ProtectionName(Protection p) => p switch
    {
        Protection.None => "protected none",
        Protection.Read => "read-only",
        Protection.ReadExec => "read-and-execute only",
        _ => $"protected {p}",
    };
}
