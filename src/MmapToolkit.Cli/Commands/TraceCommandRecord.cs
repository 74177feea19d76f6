using System.Diagnostics;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Recording;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>trace record</c>, checked: the program, valgrind's path, the trace file to write and how to read lackey's output.</summary>
internal sealed record TraceRecordPlan(string[] Program, string Valgrind, string OutPath, TraceReadOptions Options);

/// <summary>
/// <c>mmaptk trace record -- PROGRAM ARGS…</c>: runs the program under valgrind's lackey tool, which reports every
/// instruction fetch, load and store; the report is read through a named pipe as it is made (never stored as text)
/// and written as a binary page trace. The program's own output goes where it would without valgrind.
/// </summary>
internal static class TraceRecorder
{
    public const string InstallHint = "sudo apt-get install valgrind (Debian, Ubuntu) or sudo dnf install valgrind (Fedora)";

    /// <summary>Both steps at once (tests): <see cref="Prepare"/>, then <see cref="Record(TraceRecordPlan, TextWriter)"/>.</summary>
    /// <param name="searchPath">Where to look for valgrind (PATH's syntax); null: $PATH.</param>
    public static int Record(string[] program, string? output, long pageSize, TextWriter text, string? searchPath = null)
        => Record(Prepare(program, output, pageSize, searchPath), text);

    /// <summary>The prepare step: a program, valgrind found, a page size, the file to write.</summary>
    /// <param name="searchPath">Where to look for valgrind (PATH's syntax); null: $PATH.</param>
    public static TraceRecordPlan Prepare(string[] program, string? output, long pageSize, string? searchPath = null)
    {
        if (program.Length == 0) throw new ArgumentException("give the program to record after --, e.g. mmaptk trace record -- ls /usr");
        string valgrind = FindOnPath("valgrind", searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            ?? throw new ArgumentException($"valgrind is not installed: trace record runs the program under valgrind --tool=lackey; install it with {InstallHint}");
        var options = new TraceReadOptions(TraceFormat.Lackey, pageSize);
        _ = options.PageShift;   // refuse a bad --page-size before anything runs
        string outPath = output ?? Path.GetFileName(program[0]) + ".mmtrace";
        if (TraceOutputFile.IsStandardOutput(outPath))
            throw new ArgumentException("trace record --out -: the recorded program and the summary write to standard output too; give a file name");
        TraceOutputFile.CheckWritable(outPath, "--out");
        return new TraceRecordPlan(program, valgrind, outPath, options);
    }

    /// <summary>The run step: records the program. A program valgrind cannot start is still the user's input (exit 2),
    /// told by its own exception type.</summary>
    public static int Record(TraceRecordPlan plan, TextWriter text)
    {
        var (program, valgrind, outPath, options) = (plan.Program, plan.Valgrind, plan.OutPath, plan.Options);
        long pageSize = options.PageSize;
        string dir = Directory.CreateTempSubdirectory("mmaptk-record-").FullName;
        string fifo = Path.Combine(dir, "lackey.fifo");
        try
        {
            MakeFifo(fifo);
            var psi = new ProcessStartInfo(valgrind) { UseShellExecute = false };
            foreach (string a in (string[])["--tool=lackey", "--trace-mem=yes", $"--log-file={fifo}"]) psi.ArgumentList.Add(a);
            foreach (string a in program) psi.ArgumentList.Add(a);
            using var child = Process.Start(psi) ?? throw new InvalidOperationException("valgrind did not start");
            long written;
            try
            {
                using var log = OpenPipe(fifo, child)
                    ?? throw new ProgramNotRunnableException($"valgrind exited with code {child.ExitCode} before tracing: is '{program[0]}' a program it can run?");
                using (var file = TraceOutputFile.Open(outPath))
                using (var writer = new BinaryTraceWriter(file, pageSize))
                {
                    var counting = new CountingSink(writer);
                    ShowProgress(counting, () => TraceReader.ReadStream(log, "valgrind lackey output", options, counting, out _));
                    writer.Flush();
                    written = writer.Written;
                }
            }
            catch
            {
                // Neither valgrind (and the program under it) nor half a trace outlives a failed recording.
                if (!child.HasExited) child.Kill(entireProcessTree: true);
                child.WaitForExit();
                File.Delete(outPath);
                throw;
            }
            child.WaitForExit();
            text.WriteLine($"{outPath}: binary page trace, {written:N0} references ({pageSize}-byte pages) from {string.Join(' ', program)}"
                         + (child.ExitCode == 0 ? "" : $"; the program exited with code {child.ExitCode}"));
            text.WriteLine($"next: mmaptk trace stats {outPath}   or   mmaptk sim --policy all --frames 8..128/8 --trace-file {outPath}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Opens the pipe for reading; null if valgrind ended without opening it (opening would wait forever).</summary>
    private static FileStream? OpenPipe(string fifo, Process child)
    {
        var open = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16));
        while (!open.Wait(100))
        {
            if (!child.HasExited) continue;
            // valgrind is gone: open the write end ourselves so the read end's open returns, then report.
            if (open.Wait(200)) break;
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
            open.Wait();
            open.Result.Dispose();
            return null;
        }
        return open.Result;
    }

    private static void ShowProgress(CountingSink counting, Action work)
    {
        if (Console.IsErrorRedirected) { work(); return; }
        // On stderr, so the recorded program keeps standard output to itself.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var task = Task.Run(work);
        console.Status().Start("recording", ctx =>
        {
            while (!task.Wait(200)) ctx.Status($"recording under valgrind: {counting.Count:N0} references");
        });
        task.GetAwaiter().GetResult();
    }

    private static void MakeFifo(string path)
    {
        using var mk = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false, RedirectStandardError = true })
                      ?? throw new InvalidOperationException("mkfifo did not start");
        string error = mk.StandardError.ReadToEnd();
        mk.WaitForExit();
        if (mk.ExitCode != 0) throw new IOException($"mkfifo {path} failed: {error.Trim()}");
    }

    internal static string? FindOnPath(string name, string searchPath)
    {
        foreach (string dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private sealed class CountingSink(TraceSink inner) : TraceSink
    {
        private long _count;
        public long Count => Volatile.Read(ref _count);

        public override void Add(long page, bool write)
        {
            inner.Add(page, write);
            _count++;
        }
    }
}
