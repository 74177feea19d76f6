using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// Reads a scenario (docs/scenarios.md) and checks it before anything runs: unknown steps, bad page numbers,
/// processes that do not exist, regions that were never mapped and files never declared are reported as
/// <see cref="ScenarioFormatException"/> naming the file, the line and the problem.
/// </summary>
public sealed partial class ScenarioParser
{
    public static readonly IReadOnlyList<string> Counters =
        ["faults", "major", "resident", "shared", "share-count", "read-sum", "file-sum", "error",
         "evictions", "swap-outs", "swap-ins", "ref-faults", "heap-resident", "dirty", "seconds", "fault-pages", "window-faults"];

    public static readonly IReadOnlyList<string> ReasonKeys =
        ["readahead", "fault-around", "zero-page", "thp", "runtime-threads", "model-only", "kernel-only", "timing", "policy",
         "page-cache", "allocator", "accounting", "dirty-tracking", "large-folios", "fork-refault", "system-wide"];

    private readonly string _file;
    private string? _name, _topicTitle;
    private int _topic;
    private readonly List<string> _story = [];
    private readonly HashSet<string> _agree = [];
    private readonly Dictionary<string, Explanation> _explanations = [];
    private readonly List<Step> _steps = [];
    private readonly Dictionary<int, IReadOnlyDictionary<string, Explanation>> _stepExplanations = [];
    private WorkingSetView? _workingSet;
    private int _workingSetLine;

    // What the scenario has created so far, to check each step against.
    private readonly Dictionary<string, int> _regionPages = [];
    private readonly Dictionary<string, HashSet<string>> _processRegions = [];
    private readonly Dictionary<string, HashSet<string>> _unmapped = [];      // per process
    private readonly Dictionary<string, string> _parentOf = [];
    private readonly HashSet<string> _exited = [];
    private readonly HashSet<string> _executing = [];                         // processes that exec'd a program
    private readonly HashSet<(string Process, string File)> _openForWriting = [];
    private string? _first;
    private readonly Dictionary<string, bool> _files = []; // name -> is a program
    private readonly Dictionary<string, int> _filePages = [];
    private readonly HashSet<string> _systemFiles = [];               // files the scenario must never write
    private readonly Dictionary<string, Protection> _regionProtection = [];
    private readonly HashSet<string> _programRegions = [];            // regions named after an exec'd program

    private int _line;
    private string _text = "";

    private ScenarioParser(string file) => _file = file;

    /// <param name="facts">What <c>@NAME</c> stands for (<see cref="KernelFacts.Values"/>); the model's defaults when null.</param>
    public static Scenario ParseFile(string path, IReadOnlyDictionary<string, string>? facts = null)
    {
        return Parse(ScenarioSource.Read(path), path, facts);
    }

    /// <param name="facts">What <c>@NAME</c> stands for (<see cref="KernelFacts.Values"/>); the model's defaults when null.</param>
    public static Scenario Parse(string text, string sourcePath, IReadOnlyDictionary<string, string>? facts = null)
    {
        ScenarioSource.CheckText(text, sourcePath);
        var parser = new ScenarioParser(sourcePath);
        facts ??= KernelFacts.ModelDefault.Values;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            parser._line = i + 1;
            parser._text = line;
            line = parser.SubstituteFacts(line, facts);
            parser._text = line;
            int steps = parser._steps.Count;
            parser.ParseLine(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (parser._steps.Count > steps) parser.CheckStep(parser._steps[^1]);
        }
        return parser.Finish();
    }

    // @NAME stands for a fact of the kernel the demo runs on (the fault-around window, libc's layout).
    private string SubstituteFacts(string line, IReadOnlyDictionary<string, string> facts) =>
        FactReference().Replace(line, m => facts.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw Error($"unknown fact '@{m.Groups[1].Value}' (known: {string.Join(", ", facts.Keys.Select(k => "@" + k))})"));

    [System.Text.RegularExpressions.GeneratedRegex(@"@([a-z][a-z-]*)")]
    private static partial System.Text.RegularExpressions.Regex FactReference();

    private Scenario Finish()
    {
        _line = 0;
        if (_name is null) throw Error("no 'demo NAME' line");
        if (_topicTitle is null) throw Error("no 'topic N TITLE' line");
        if (_steps.Count == 0) throw Error("no steps");
        CheckWorkingSetView();
        return new Scenario(_name, _file, _topic, _topicTitle, _story, _agree, _explanations, _steps, _stepExplanations, _workingSet);
    }

    private void ParseLine(string[] w)
    {
        switch (w[0])
        {
            case "demo": Arity(w, 2, 2, "demo NAME"); _name = w[1]; break;
            case "topic":
                Arity(w, 3, int.MaxValue, "topic N TITLE");
                _topic = Number(w[1], "topic number (a topic of the notes)", 1, 21);
                _topicTitle = string.Join(' ', w[2..]);
                break;
            case "story": _story.Add(string.Join(' ', w[1..])); break;
            case "agree":
                Arity(w, 2, int.MaxValue, "agree COUNTER...");
                foreach (string c in w[1..]) _agree.Add(Counter(c));
                break;
            case "explain":
                Arity(w, 4, int.MaxValue, "explain COUNTER REASON TEXT");
                string counter = Counter(w[1]);
                if (!ReasonKeys.Contains(w[2])) throw Error($"unknown reason '{w[2]}' (known: {string.Join(", ", ReasonKeys)})");
                _explanations[counter] = new Explanation(counter, w[2], string.Join(' ', w[3..]));
                break;
            case "differs": ParseDiffers(w); break;
            case "working-set": ParseWorkingSet(w); break;
            case "process": ParseProcess(w); break;
            case "file": ParseFileStep(w); break;
            case "map": ParseMap(w); break;
            case "touch": ParseTouch(w); break;
            case "protect":
                Arity(w, 5, 5, "protect PROC REGION PAGES PROT");
                _steps.Add(new ProtectStep(_line, _text, Acting(w[1]), MappedRegion(w[1], w[2]), Pages(w[2], w[3]), Prot(w[4])));
                break;
            case "advise":
                Arity(w, 5, 5, "advise PROC REGION PAGES ADVICE");
                if (!Vocabulary.AdviceWords.TryGetValue(w[4], out var advice))
                    throw Error($"unknown advice '{w[4]}' (known: {string.Join(", ", Vocabulary.AdviceWords.Keys)})");
                _steps.Add(new AdviseStep(_line, _text, Acting(w[1]), MappedRegion(w[1], w[2]), Pages(w[2], w[3]), advice));
                break;
            case "sync":
                Arity(w, 4, 4, "sync PROC REGION sync|async");
                _steps.Add(new SyncStep(_line, _text, Acting(w[1]), MappedRegion(w[1], w[2]), OneOf(w[3], "sync", "async") == "sync"));
                break;
            case "unmap":
                Arity(w, 3, 3, "unmap PROC REGION");
                _steps.Add(new UnmapStep(_line, _text, Acting(w[1]), MappedRegion(w[1], w[2])));
                Unmapped(w[1]).Add(w[2]);
                break;
            case "observe":
                Arity(w, 3, 4, "observe PROC REGION [PAGES]");
                _steps.Add(new ObserveStep(_line, _text, Alive(w[1]), Region(w[1], w[2]), w.Length == 4 ? Pages(w[2], w[3]) : null));
                break;
            case "fork": ParseFork(w); break;
            case "exec": ParseExec(w); break;
            case "remap":
                Arity(w, 6, 6, "remap PROC REGION PAGE FILE FRAME");
                {
                    string proc = FirstProcess(w[1], "remap");
                    string region = MappedRegion(proc, w[2]);
                    int page = Number(w[3], "page", 0, _regionPages[region] - 1);
                    string file = DeclaredFile(w[4]);
                    if (_systemFiles.Contains(file)) throw Error($"'{file}' is a system file: remap maps it shared and writable, which the demos never do");
                    int frame = Number(w[5], "frame", 0, _filePages[file] - 1);
                    _steps.Add(new RemapStep(_line, _text, proc, region, page, file, frame));
                }
                break;
            case "toupper":
                Arity(w, 3, 3, "toupper PROC REGION");
                {
                    string region = MappedRegion(FirstProcess(w[1], "toupper"), w[2]);
                    if (_regionProtection[region] != Protection.ReadWrite && _regionProtection[region] != Protection.ReadWriteExec)
                        throw Error($"toupper reads and writes every byte: '{region}' must be mapped rw");
                    _steps.Add(new ToUpperStep(_line, _text, w[1], region));
                }
                break;
            case "open-write":
                Arity(w, 3, 3, "open-write PROC FILE");
                if (_systemFiles.Contains(DeclaredFile(w[2]))) throw Error($"'{w[2]}' is a system file: the demos never open it for writing");
                _openForWriting.Add((Acting(w[1]), w[2]));   // again is fine: the first open may have failed
                _steps.Add(new OpenWriteStep(_line, _text, w[1], w[2]));
                break;
            case "close":
                Arity(w, 3, 3, "close PROC FILE");
                if (!_openForWriting.Remove((Acting(w[1]), DeclaredFile(w[2]))))
                    throw Error($"'{w[1]}' has no '{w[2]}' open: 'close' follows an 'open-write'");
                _steps.Add(new CloseStep(_line, _text, w[1], w[2]));
                break;
            case "exit":
                Arity(w, 2, 2, "exit PROC");
                {
                    string proc = Alive(w[1]);
                    if (proc == _first) throw Error($"'{proc}' is the first process: it runs the demo and cannot exit");
                    var living = _parentOf.Where(kv => kv.Value == proc && !_exited.Contains(kv.Key)).Select(kv => kv.Key).ToList();
                    if (living.Count > 0)
                        throw Error($"'{proc}' still has living children ({string.Join(", ", living)}): exit them first");
                    _steps.Add(new ExitStep(_line, _text, proc));
                    _exited.Add(proc);
                }
                break;
            case "replay": ParseReplay(w); break;
            case "malloc":
                Arity(w, 4, 4, "malloc PROC COUNT BYTES");
                if ((long)Number(w[2], "block count", 1, 10_000_000) * Number(w[3], "block size", 1, 1 << 20) > 1L << 30)
                    throw Error("malloc of more than 1 GiB in all: use fewer or smaller blocks");
                _steps.Add(new MallocStep(_line, _text, FirstProcess(w[1], "malloc"), Number(w[2], "block count", 1, 10_000_000),
                    Number(w[3], "block size", 1, 1 << 20)));
                break;
            case "free":
                Arity(w, 2, 3, "free PROC [all|all-but-last]");
                _steps.Add(new FreeStep(_line, _text, FirstProcess(w[1], "free"),
                    w.Length == 2 || OneOf(w[2], "all", "all-but-last") == "all" ? FreeMode.All : FreeMode.AllButLast));
                break;
            default:
                throw Error($"unknown step '{w[0]}' (known: process, file, map, touch, protect, advise, sync, unmap, observe, " +
                            "fork, exec, remap, toupper, open-write, close, exit, replay, malloc, free; headers: demo, topic, story, agree, explain, differs, working-set)");
        }
    }

    /// <summary><c>working-set DELTA WINDOW</c>: show every replay window by window (<see cref="WorkingSetView"/>).</summary>
    private void ParseWorkingSet(string[] w)
    {
        Arity(w, 3, 3, "working-set DELTA WINDOW");
        if (_workingSet is not null) throw Error($"'working-set' is already given on line {_workingSetLine}");
        _workingSet = new WorkingSetView(Number(w[1], "working-set window Δ in references", 1, ScenarioLimits.MaxReplayReferences),
                                         Number(w[2], "view window in references", 1, ScenarioLimits.MaxReplayReferences));
        _workingSetLine = _line;
    }

    // After the last line: the view needs a replay to show, and each replay few enough windows to read.
    private void CheckWorkingSetView()
    {
        if (_workingSet is not { } view) return;
        _line = _workingSetLine;
        var replays = _steps.OfType<ReplayStep>().ToList();
        if (replays.Count == 0) throw Error("'working-set' shows replays window by window, and the scenario has no 'replay'");
        foreach (var r in replays)
            if (view.WindowsOf(r.Trace.Count) > WorkingSetView.MaxWindows)
                throw Error($"the replay on line {r.Line} has {r.Trace.Count} references: {view.WindowsOf(r.Trace.Count)} windows of " +
                            $"{view.Window}, at most {WorkingSetView.MaxWindows}; make the window at least {(r.Trace.Count + WorkingSetView.MaxWindows - 1) / WorkingSetView.MaxWindows}");
        _line = 0;
    }

    /// <summary><c>differs COUNTER REASON TEXT</c>: why the step just above may show a different COUNTER.</summary>
    private void ParseDiffers(string[] w)
    {
        Arity(w, 4, int.MaxValue, "differs COUNTER REASON TEXT (right after the step it explains)");
        if (_steps.Count == 0) throw Error("'differs' explains the step above it, and there is none");
        string counter = Counter(w[1]);
        if (!ReasonKeys.Contains(w[2])) throw Error($"unknown reason '{w[2]}' (known: {string.Join(", ", ReasonKeys)})");
        int line = _steps[^1].Line;
        var forStep = _stepExplanations.TryGetValue(line, out var existing)
            ? (Dictionary<string, Explanation>)existing : [];
        forStep[counter] = new Explanation(counter, w[2], string.Join(' ', w[3..]));
        _stepExplanations[line] = forStep;
    }

    private void ParseProcess(string[] w)
    {
        Arity(w, 2, 2, "process NAME");
        if (_processRegions.Count > 0) throw Error("'process' names the first process and may appear only once; later processes come from 'fork'");
        _processRegions[w[1]] = [];
        _first = w[1];
        _steps.Add(new ProcessStep(_line, _text, w[1]));
    }

    private void ParseFileStep(string[] w)
    {
        Arity(w, 3, 6, "file FILE PAGES [data|program|memory|system=PATH] [fill BYTE]");
        if (_files.ContainsKey(w[1])) throw Error($"file '{w[1]}' is already declared");
        int pages = Number(w[2], "page count", 1, (int)ScenarioLimits.MaxPagesMadeReal);
        var kind = FileKind.Data;
        byte? fill = null;
        string? systemPath = null;
        for (int i = 3; i < w.Length; i++)
        {
            if (w[i].StartsWith("system=/", StringComparison.Ordinal))
            {
                kind = FileKind.System;
                systemPath = w[i][7..];
                continue;
            }
            if (w[i] is "data" or "program" or "memory")
                kind = w[i] switch { "program" => FileKind.Program, "memory" => FileKind.Memory, _ => FileKind.Data };
            else if (w[i] == "fill" && i + 1 < w.Length) fill = (byte)Number(w[++i], "fill byte", 0, 255);
            else throw Error($"unexpected '{w[i]}' (expected data, program, memory, system=/PATH or fill BYTE)");
        }
        bool program = kind == FileKind.Program;
        if (kind == FileKind.System) _systemFiles.Add(w[1]);
        _files[w[1]] = program;
        _filePages[w[1]] = pages;
        _steps.Add(new FileStep(_line, _text, w[1], pages, kind, fill, systemPath));
    }

    private void ParseMap(string[] w)
    {
        Arity(w, 7, 10, "map PROC REGION PAGES anon|file=FILE private|shared PROT [populate] [noreserve] [offset=N]");
        string proc = Acting(w[1]);
        string region = w[2];
        if (_regionPages.ContainsKey(region)) throw Error($"region '{region}' is already mapped (region names are unique)");
        if (_files.ContainsKey(region)) throw Error($"'{region}' is a file's name: name the region differently (after exec, a program's text is the region named after it)");
        int pages = Number(w[3], "page count", 1, int.MaxValue);
        string? file = null;
        if (w[4].StartsWith("file=", StringComparison.Ordinal)) file = DeclaredFile(w[4][5..]);
        else if (w[4] != "anon") throw Error($"'{w[4]}' is neither anon nor file=NAME");
        bool shared = OneOf(w[5], "private", "shared") == "shared";
        var prot = Prot(w[6]);
        bool populate = false, noReserve = false;
        int offset = 0;
        foreach (string extra in w[7..])
        {
            if (extra == "populate") populate = true;
            else if (extra == "noreserve") noReserve = true;
            else if (extra.StartsWith("offset=", StringComparison.Ordinal) && file is not null)
                offset = Number(extra[7..], "file offset in pages", 0, int.MaxValue);
            else throw Error($"unexpected '{extra}' (expected populate, noreserve, or offset=N for a file)");
        }
        if ((file is not null || populate) && proc != _first)
            throw Error($"'{proc}' is a forked child: a child maps plain anonymous memory here (file and populate mappings are made by '{_first}')");
        if (file is not null && _systemFiles.Contains(file) && shared && prot.HasFlag(Protection.Write))
            throw Error($"'{file}' is a system file: the demos never write to it, so map it private or read-only");
        if (file is not null && (long)offset + pages > _filePages[file])
            throw Error($"pages {offset}..{offset + pages - 1} run past the end of '{file}' ({_filePages[file]} pages)");
        _regionPages[region] = pages;
        _regionProtection[region] = prot;
        _processRegions[proc].Add(region);
        _steps.Add(new MapStep(_line, _text, proc, region, pages, file, shared, prot, populate, noReserve, offset));
    }

    private void ParseTouch(string[] w)
    {
        Arity(w, 5, 6, "touch PROC REGION PAGES read|write [value=N]");
        string proc = Acting(w[1]);
        string region = Region(proc, w[2]);
        if (proc == _first && Unmapped(proc).Contains(region))
            throw Error($"'{region}' was unmapped: touching it would kill '{proc}', which runs the demo; touch it in a forked child, which reports the SIGSEGV");
        var pages = Pages(region, w[3]);
        bool write = OneOf(w[4], "read", "write") == "write";
        byte value = 1;
        if (w.Length == 6)
        {
            if (!w[5].StartsWith("value=", StringComparison.Ordinal) || !write)
                throw Error($"'{w[5]}': only a write takes value=N");
            value = (byte)Number(w[5][6..], "value", 0, 255);
        }
        _steps.Add(new TouchStep(_line, _text, proc, region, pages, write, value));
    }

    private void ParseFork(string[] w)
    {
        Arity(w, 3, 4, "fork PARENT CHILD [cow|eager|lazy-broken]");
        string parent = Acting(w[1]);
        if (_processRegions.ContainsKey(w[2])) throw Error($"process '{w[2]}' already exists");
        var strategy = w.Length == 3 ? ForkStrategy.CopyOnWrite : Vocabulary.ForkWords[OneOf(w[3], [.. Vocabulary.ForkWords.Keys])];
        _processRegions[w[2]] = [.. _processRegions[parent]];
        _unmapped[w[2]] = [.. Unmapped(parent)];
        _parentOf[w[2]] = parent;
        _steps.Add(new ForkStep(_line, _text, parent, w[2], strategy));
    }

    private void ParseExec(string[] w)
    {
        Arity(w, 3, 4, "exec PROC PROGRAM [PAGES]");
        string proc = Alive(w[1]);
        if (proc == _first) throw Error($"'{proc}' is the first process: it runs the demo; fork a child to exec the program");
        var living = _parentOf.Where(kv => kv.Value == proc && !_exited.Contains(kv.Key)).Select(kv => kv.Key).ToList();
        if (living.Count > 0) throw Error($"'{proc}' still has living children ({string.Join(", ", living)}): exit them before exec");
        if (!_files.TryGetValue(w[2], out bool isProgram)) throw Error($"no file '{w[2]}' was declared with 'file'");
        if (!isProgram) throw Error($"'{w[2]}' is a data file: declare it with 'file {w[2]} N program' to run it");
        // execve replaces the address space: afterwards the process has one region, the program's text, named after it.
        if (_regionPages.ContainsKey(w[2]) && !_programRegions.Contains(w[2]))
            throw Error($"a region is already named '{w[2]}': rename it, since after exec the program's text is the region named after the program");
        _programRegions.Add(w[2]);
        _regionPages[w[2]] = _filePages[w[2]];
        _processRegions[proc] = [w[2]];
        _unmapped[proc] = [];
        _executing.Add(proc);
        var run = w.Length == 4 ? Pages(w[2], w[3]) : null;
        _steps.Add(new ExecStep(_line, _text, proc, w[2], run));
    }

    private void ParseReplay(string[] w)
    {
        Arity(w, 4, int.MaxValue, "replay POLICY FRAMES TRACE...");
        int frames = Number(w[2], "frame count", 1, 4096);
        IReadOnlyList<PageReference> trace;
        try
        {
            trace = TraceParser.Parse(ExpandRanges(w[3..]), $"{_file}:{_line}");
        }
        catch (FormatException e) when (e is not ScenarioFormatException)
        {
            throw Error(e.Message);
        }
        _steps.Add(new ReplayStep(_line, _text, w[1].ToLowerInvariant(), frames, trace));
    }

    /// <summary>Replay shorthand: <c>A..B</c> is A, A+1, ..., B; a trailing <c>w</c> marks each as a store; <c>xN</c> repeats the range N times.</summary>
    private string ExpandRanges(string[] tokens)
    {
        var parts = new List<string>();
        foreach (string token in tokens)
        {
            var m = System.Text.RegularExpressions.Regex.Match(token, @"^(\d+)\.\.(\d+)(w?)(?:x(\d+))?$");
            if (!m.Success)
            {
                parts.Add(token);
                if (parts.Count > ScenarioLimits.MaxReplayReferences) throw Error(TooManyReferences);
                continue;
            }
            int times = 1;
            if (!int.TryParse(m.Groups[1].Value, out int first) || !int.TryParse(m.Groups[2].Value, out int last)
                || (m.Groups[4].Success && !int.TryParse(m.Groups[4].Value, out times))
                || last < first || times < 1 || parts.Count + ((long)last - first + 1) * times > ScenarioLimits.MaxReplayReferences)
                throw Error($"'{token}': a range A..B needs A <= B, and a replay has at most {ScenarioLimits.MaxReplayReferences} references in all");
            for (int t = 0; t < times; t++)
                for (long p = first; p <= last; p++) parts.Add(p + m.Groups[3].Value);
        }
        return string.Join(' ', parts);
    }

    private static readonly string TooManyReferences = $"a replay has at most {ScenarioLimits.MaxReplayReferences} references in all";

    private string Alive(string process)
    {
        if (!_processRegions.ContainsKey(process))
            throw Error(_processRegions.Count == 0
                ? $"no process '{process}': start with 'process {process}'"
                : $"no process '{process}' (known: {string.Join(", ", _processRegions.Keys)})");
        if (_exited.Contains(process)) throw Error($"process '{process}' has already exited");
        return process;
    }

    /// <summary>A living process that still runs the scenario's steps (not one that exec'd a program).</summary>
    private string Acting(string process)
    {
        Alive(process);
        if (_executing.Contains(process))
            throw Error($"'{process}' runs a program since its exec: only observe, exec and exit apply to it");
        return process;
    }

    private string FirstProcess(string process, string verb)
    {
        Acting(process);
        if (process != _first) throw Error($"'{verb}' is done by the first process ('{_first}'), not by a forked child");
        return process;
    }

    private HashSet<string> Unmapped(string process) =>
        _unmapped.TryGetValue(process, out var set) ? set : _unmapped[process] = [];

    /// <summary>A region of the process that is still mapped there.</summary>
    private string MappedRegion(string process, string region)
    {
        Region(process, region);
        if (Unmapped(process).Contains(region)) throw Error($"region '{region}' was unmapped in '{process}'");
        return region;
    }

    private string Region(string process, string region)
    {
        if (!_regionPages.ContainsKey(region)) throw Error($"region '{region}' was never mapped");
        if (!_processRegions[process].Contains(region)) throw Error($"process '{process}' has no region '{region}'");
        return region;
    }

    private PageSet Pages(string region, string text)
    {
        int size = _regionPages[region];
        if (!PageSet.TryParse(text, size, out var set, out string error, $"region '{region}'")) throw Error(error);
        return set;
    }

    private string DeclaredFile(string name) =>
        _files.ContainsKey(name) ? name : throw Error($"no file '{name}' was declared with 'file'");

    private Protection Prot(string text) => Vocabulary.ProtectionWords.TryGetValue(text, out var p)
        ? p : throw Error($"'{text}' is not a protection ({string.Join(", ", Vocabulary.ProtectionWords.Keys)})");

    private string Counter(string name) => Counters.Contains(name)
        ? name : throw Error($"unknown counter '{name}' (known: {string.Join(", ", Counters)})");

    private string OneOf(string text, params string[] allowed) => allowed.Contains(text)
        ? text : throw Error($"'{text}' is not one of {string.Join(", ", allowed)}");

    private int Number(string text, string what, int min, int max)
    {
        if (!int.TryParse(text, out int n) || n < min || n > max)
            throw Error($"'{text}' is not a valid {what} ({min}..{max})");
        return n;
    }

    private void Arity(string[] w, int min, int max, string usage)
    {
        if (w.Length < min || w.Length > max) throw Error($"'{w[0]}' takes: {usage}");
    }

    private ScenarioFormatException Error(string problem) => new(_file, _line, problem);
}
