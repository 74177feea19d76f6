using System.Globalization;
using System.Text;
using System.Text.Json;
using MmapToolkit.Observers;
using MmapToolkit.Recording;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>What <c>mmaptk faults</c> does, writing to the writers it is given (so tests run it in-process).</summary>
internal static class FaultsRunner
{
    public static int Execute(FaultsRequest request, TextWriter output, TextWriter errors)
    {
        request.Validate();
        var options = new FaultRecorderOptions { BufferPages = request.BufferPages };
        FaultsResult result;
        try
        {
            result = request.Pid is { } pid ? RecordProcess(pid, request.Seconds!.Value, options) : RecordProgram(request.Program, options);
        }
        catch (PerfEventRefusedException e)
        {
            // The user (or the machine's owner) can fix this one: a sysctl, or running as the process's owner.
            errors.WriteLine($"mmaptk: error: {CommandRunner.OneLine(e)}");
            return CommandRunner.UsageOrInputError;
        }
        if (request.TraceOut is { } path) FaultTraceFile.Write(path, result.Recording, result.Title);
        if (request.Json) output.WriteLine(JsonSerializer.Serialize(FaultsJson.From(result), CommandRunner.Json));
        else if (request.Csv) FaultsCsv.Write(output, result.Recording);
        else FaultsText.Write(output, result, request.Timeline);
        if (request.TraceOut is { } written && !request.Json && !request.Csv)
            output.WriteLine($"fault trace written to {written}: {result.Recording.Faults.Count} pages in fault order (mmaptk sim --trace-file {written})");
        return 0;
    }

    private static FaultsResult RecordProgram(string[] program, FaultRecorderOptions options)
    {
        using var launched = FaultRecorder.Launch(program[0], program[1..], options);
        var run = launched.WaitForExit();
        return new FaultsResult($"{run.Path} (pid {launched.Pid}) {run.Exit}", run.Path, launched.Pid, run.Recording,
                                run.FromExec, "getrusage (wait4), from execve on", run);
    }

    private static FaultsResult RecordProcess(int pid, double seconds, FaultRecorderOptions options)
    {
        using var recorder = FaultRecorder.ForProcess(pid, options);
        var before = ProcStatFaults(pid);
        recorder.Start();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        bool ended = false;
        while (DateTime.UtcNow < until)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(50, Math.Max(1, (until - DateTime.UtcNow).TotalMilliseconds))));
            if (!Directory.Exists($"/proc/{pid}")) { ended = true; break; }
        }
        var recording = recorder.Stop();
        var after = ended ? null : ProcStatFaults(pid);
        FaultCounts? kernel = before is { } b && after is { } a ? a - b : null;
        string name = CommandName(pid);
        return new FaultsResult($"pid {pid} ({name}) for {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s{(ended ? ", until it ended" : "")}",
                                name, pid, recording, kernel, $"/proc/{pid}/stat over the same {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s", null);
    }

    /// <summary>minflt and majflt of /proc/PID/stat: the process's own counts (all its threads).</summary>
    private static FaultCounts? ProcStatFaults(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state is field 3, minflt 10, majflt 12.
            return new FaultCounts(long.Parse(fields[7], CultureInfo.InvariantCulture), long.Parse(fields[9], CultureInfo.InvariantCulture), default, default);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string CommandName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "?"; }
    }
}

/// <summary>One recording with what the command knows about it.</summary>
internal sealed record FaultsResult(string Title, string Program, int Pid, FaultRecording Recording, FaultCounts? Kernel,
                                    string KernelSource, ProgramRun? Run)
{
    /// <summary>Kernel count less recorded and lost: faults getrusage counted that perf never sampled.</summary>
    public long? Unrecorded => Kernel is { } k ? k.Total - Recording.Faults.Count - Recording.Lost : null;

    /// <summary>Why faults may be counted by the kernel and not recorded, in one sentence.</summary>
    public string UnrecordedReason => "getrusage also counts faults the kernel resolves for the process without a fault of its own (execve "
        + "copying the arguments to the new stack, and other get_user_pages calls), which perf never samples"
        + (Recording.KernelModeIncluded ? "" : "; and " + Recording.KernelModeReason);

    public static string Access(RecordedFault f) => f.Exec == true ? "exec" : f.Write switch { true => "write", false => "read", null => "unknown" };

    public static string Cause(FaultCause c) => c switch
    {
        FaultCause.NotPresent => "not-present",
        FaultCause.CopyOnWrite => "copy-on-write",
        FaultCause.WriteProtect => "write-protect",
        FaultCause.Protection => "protection",
        _ => "unknown",
    };

    public static string MappingLabel(RecordedFault f) => f.Mapping is null ? "(unknown)" : f.Mapping.Label;
}

/// <summary>The text report: totals against the kernel's counts, by mapping, by kind, the first faults.</summary>
internal static class FaultsText
{
    public static void Write(TextWriter output, FaultsResult r, int timeline)
    {
        var rec = r.Recording;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        output.WriteLine($"{r.Title}: {rec.Faults.Count:N0} faults recorded ({rec.MinorFaults:N0} minor, {rec.MajorFaults:N0} major), "
                       + (rec.Lost == 0 ? "none lost" : $"{rec.Lost:N0} LOST (the ring buffer was full: raise --buffer-pages)"));
        if (r.Kernel is { } k)
        {
            output.Write($"{r.KernelSource}: {k.Minor:N0} minor, {k.Major:N0} major");
            long diff = r.Unrecorded!.Value;
            output.WriteLine(diff == 0 ? "; every one recorded" : diff > 0 ? $"; {diff:N0} not recorded: {r.UnrecordedReason}"
                                                                            : $"; {-diff:N0} fewer than recorded (children the program did not wait for are not in its count)");
        }
        if (rec.CauseUnavailableReason is { } why)
            output.WriteLine($"cause and read/write: not known ({why}); a fault in a mapping that is not writable is shown as a read, one on the faulting instruction's own page as exec");
        if (!rec.KernelModeIncluded) output.WriteLine($"note: {rec.KernelModeReason}");
        if (rec.Faults.Count == 0) return;

        output.WriteLine();
        output.WriteLine("by mapping");
        var byMapping = new Table().AddColumn("mapping").AddColumn(new TableColumn("faults").RightAligned()).AddColumn(new TableColumn("major").RightAligned())
            .AddColumn(new TableColumn("pages").RightAligned()).AddColumn(new TableColumn("read").RightAligned()).AddColumn(new TableColumn("write").RightAligned())
            .AddColumn(new TableColumn("exec").RightAligned()).AddColumn(new TableColumn("unknown").RightAligned()).AddColumn(new TableColumn("in kernel").RightAligned());
        foreach (var g in rec.Faults.GroupBy(FaultsResult.MappingLabel).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            byMapping.AddRow(Markup.Escape(g.Key), N(g.Count()), N(g.Count(f => f.Major)), N(g.Select(f => f.Page).Distinct().Count()),
                N(g.Count(f => FaultsResult.Access(f) == "read")), N(g.Count(f => FaultsResult.Access(f) == "write")),
                N(g.Count(f => FaultsResult.Access(f) == "exec")), N(g.Count(f => FaultsResult.Access(f) == "unknown")), N(g.Count(f => f.InKernel)));
        }
        console.Write(byMapping);

        output.WriteLine("by kind: " + string.Join(", ", rec.Faults.GroupBy(f => (f.Mapping?.Kind ?? FaultMappingKind.Unknown).ToString().ToLowerInvariant())
                                                         .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
        output.WriteLine("by cause: " + string.Join(", ", rec.Faults.GroupBy(f => FaultsResult.Cause(f.Cause)).OrderByDescending(g => g.Count())
                                                          .Select(g => $"{g.Key} {g.Count():N0}")));
        if (timeline == 0) return;
        output.WriteLine();
        output.WriteLine(timeline >= rec.Faults.Count ? "every fault, in order" : $"the first {Math.Min(timeline, rec.Faults.Count)} faults, in order (--json or --csv list all)");
        var t = new Table().AddColumn(new TableColumn("µs").RightAligned()).AddColumn(new TableColumn("tid").RightAligned()).AddColumn("address")
            .AddColumn("access").AddColumn("kind").AddColumn("cause").AddColumn("mapping").AddColumn(new TableColumn("offset").RightAligned());
        foreach (var f in rec.Faults.Take(timeline))
            t.AddRow((f.TimeNs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture), f.Tid.ToString(CultureInfo.InvariantCulture), $"0x{f.Address:x}",
                     FaultsResult.Access(f) + (f.InKernel ? " (kernel)" : ""), f.Major ? "major" : "minor", FaultsResult.Cause(f.Cause),
                     Markup.Escape(FaultsResult.MappingLabel(f)), f.FileOffset is { } o ? $"0x{o:x}" : "");
        console.Write(t);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>--json: totals, lost, why anything is unknown, and every fault under "faults".</summary>
internal static class FaultsJson
{
    public static object From(FaultsResult r) => new
    {
        r.Program,
        r.Pid,
        ExitCode = r.Run?.Exit.ExitCode,
        Signal = r.Run?.Exit.Signal,
        Recorded = r.Recording.Faults.Count,
        Minor = r.Recording.MinorFaults,
        Major = r.Recording.MajorFaults,
        r.Recording.Lost,
        KernelMinor = r.Kernel?.Minor,
        KernelMajor = r.Kernel?.Major,
        KernelSource = r.Kernel is null ? null : r.KernelSource,
        Unrecorded = r.Unrecorded,
        UnrecordedReason = r.Unrecorded is > 0 ? r.UnrecordedReason : null,
        r.Recording.CausesKnown,
        CauseUnavailableReason = r.Recording.CauseUnavailableReason,
        r.Recording.KernelModeIncluded,
        r.Recording.KernelModeReason,
        r.Recording.PageSize,
        Faults = r.Recording.Faults.Select(f => new
        {
            Address = $"0x{f.Address:x}",
            f.Page,
            f.Write,
            f.Exec,
            f.Major,
            Mapping = f.Mapping?.Label,
            FileOffset = f.FileOffset,
            Cause = FaultsResult.Cause(f.Cause),
            f.TimeNs,
            f.Pid,
            f.Tid,
            f.InKernel,
        }),
    };
}

/// <summary>--csv: one line per fault.</summary>
internal static class FaultsCsv
{
    public static void Write(TextWriter output, FaultRecording recording)
    {
        output.WriteLine("time_ns,pid,tid,address,page,write,exec,major,cause,mapping,file_offset,in_kernel");
        foreach (var f in recording.Faults)
            output.WriteLine(string.Join(',', f.TimeNs.ToString(CultureInfo.InvariantCulture), f.Pid.ToString(CultureInfo.InvariantCulture),
                f.Tid.ToString(CultureInfo.InvariantCulture), $"0x{f.Address:x}", f.Page.ToString(CultureInfo.InvariantCulture), Bool(f.Write), Bool(f.Exec),
                Bool(f.Major), FaultsResult.Cause(f.Cause), Quote(FaultsResult.MappingLabel(f)), f.FileOffset is { } o ? $"0x{o:x}" : "", Bool(f.InKernel)));
    }

    private static string Bool(bool? b) => b switch { true => "true", false => "false", null => "" };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}

/// <summary>--trace-out: the faulting pages in fault order, in the format the simulator reads.</summary>
internal static class FaultTraceFile
{
    public static void Write(string path, FaultRecording recording, string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# fault trace of {title.Replace('\n', ' ')}");
        sb.AppendLine("# A FAULT trace, not a reference trace: one line per page fault the kernel took, in order, not every access.");
        sb.AppendLine("# Page numbers are virtual address / page size. 'w' marks a known store; other faults (loads, fetches and");
        sb.AppendLine("# faults whose access is unknown) are written as loads.");
        if (recording.Lost > 0) sb.AppendLine($"# {recording.Lost} fault records were lost: the trace is incomplete.");
        foreach (var f in recording.Faults) sb.Append(f.Page.ToString(CultureInfo.InvariantCulture)).AppendLine(f.Write == true ? "w" : "");
        File.WriteAllText(path, sb.ToString());
    }
}
