using System.Globalization;
using System.Text.Json;
using MmapToolkit.Observers;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>What <c>mmaptk faults</c> does, writing to the writers it is given (so tests run it in-process).</summary>
internal static class FaultsRunner
{
    /// <summary>Records as <paramref name="request"/> (already validated) says; text is laid out for
    /// <paramref name="width"/> columns (the command gives its output's width; 80 is a pipe's).</summary>
    public static int Execute(FaultsRequest request, TextWriter output, TextWriter errors, int width = 80)
    {
        var options = new FaultRecorderOptions { BufferPages = request.BufferPages };
        FaultsResult result;
        try
        {
            if (request.RequireCauses) RequireCauses();
            result = request.Pid is { } pid ? RecordProcess(pid, request.Seconds!.Value, options) : RecordProgram(request.Program, options);
        }
        catch (Exception e) when (e is PerfEventRefusedException or CausesUnavailableException)
        {
            // The user (or the machine's owner) can fix this one: a sysctl, or running as the process's owner.
            errors.WriteLine($"mmaptk: error: {CommandRunner.OneLine(e)}");
            return CommandRunner.UsageOrInputError;
        }
        if (request.TraceOut is { } path) FaultTraceFile.Write(path, result.Recording, result.Title);
        if (request.Json) output.WriteLine(JsonSerializer.Serialize(FaultsJson.From(result), CommandRunner.Json));
        else if (request.Csv) FaultsCsv.Write(output, result.Recording);
        else FaultsText.Write(output, result, request.Timeline, width);
        if (request.TraceOut is { } written && !request.Json && !request.Csv)
        {
            // The command on a line of its own, never wrapped: a command cut in two cannot be copied.
            new ProseWriter(output, width).Line($"fault trace written to {written}: {result.Recording.Faults.Count} pages in fault order; LRU's faults for every frame count on it:");
            output.WriteLine($"  mmaptk sim --mrc --trace-file {ShellWord(written)}");
        }
        return 0;
    }

    /// <summary>A path as a shell word: as it is when it holds nothing a shell reads, else in single quotes.</summary>
    internal static string ShellWord(string path)
        => path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@' or '%')
            ? path
            : "'" + path.Replace("'", "'\\''") + "'";

    /// <summary>--causes: decided by trying, as the recording would, before anything runs.</summary>
    private static void RequireCauses()
    {
        using var probe = FaultRecorder.ForCurrentThread();
        if (probe.CauseUnavailableReason is { } why)
            throw new CausesUnavailableException($"--causes: fault causes cannot be recorded here: {why}");
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

/// <summary>--causes was asked for where the tracepoint cannot be used: the user can mount tracefs or run as root.</summary>
internal sealed class CausesUnavailableException(string message) : Exception(message);
