using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MmapToolkit.Cli.Linux.Tests.Fuzz;

/// <summary>Runs alone: it watches the shared temporary directories and the process table.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CommandLineFuzzCollection
{
    public const string Name = "command-line fuzz";
}

/// <summary>
/// A bounded fuzz of the real <c>mmaptk</c> (issue 9): a few hundred seeded command lines over every subcommand, each run
/// as its own process with its own temporary directory as TMPDIR and working directory. Every case must exit 0, 1 or 2,
/// print no stack trace and no exception type name, leave no process behind, and write nothing in the shared
/// temporary directories.
/// </summary>
[Collection(CommandLineFuzzCollection.Name)]
public class CommandLineFuzzTests
{
    private const int Seed = 9, Cases = 200;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);
    private static readonly string[] SharedDirectories = new[] { "/tmp", "/var/tmp", "/dev/shm", Path.GetTempPath().TrimEnd('/') }
        .Distinct().Where(Directory.Exists).ToArray();
    private static readonly Regex StackFrame = new(@"^\s+at \S", RegexOptions.Multiline);

    [Fact]
    public void Random_command_lines_exit_0_1_or_2_without_a_trace_a_leftover_process_or_a_file_outside_their_directory()
    {
        var cases = CommandLineGenerator.Generate(Seed, Cases);
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(cases.Select((args, i) => (args, i)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            if (RunCase(c.i, c.args) is { } problem) failures.Add($"case {c.i}: mmaptk {Quote(c.args)}\n    {problem}");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} command lines misbehaved:\n" + string.Join('\n', failures.OrderBy(f => f)));
    }

    [Fact]
    public void The_generator_is_deterministic_and_covers_every_subcommand()
    {
        var a = CommandLineGenerator.Generate(Seed, Cases);
        Assert.Equal(a, CommandLineGenerator.Generate(Seed, Cases));
        foreach (string[] start in new string[][] { ["info"], ["sim"], ["inspect"], ["fork-probe"], ["cost"], ["pager"], ["pager", "stress"], ["pager", "cost"], ["demo"], ["quiz", "replacement"], ["quiz", "belady"], ["quiz", "cow"] })
            Assert.Contains(a, c => c.Take(start.Length).SequenceEqual(start));
        Assert.Contains(a, c => c.Contains("/dev/zero"));
        Assert.Contains(a, c => c.Contains("{dir}"));
        Assert.Contains(a, c => c.Contains("99999999999999999999"));
        Assert.Contains(a, c => c.Contains("--chart") && c.Contains("{dir}/c.png"));
        Assert.Contains(a, c => c.Contains("--csv"));
        Assert.Contains(a, c => c.Contains("--mrc") && c.Contains("--sample"));
        Assert.Contains(a, c => c.Contains("--mrc") && c.Contains("--sample-pages"));
        Assert.Contains(a, c => c.Length > 0 && c[0] == "sim" && Value(c, "--sample") is { } r
                                && !(double.TryParse(r, System.Globalization.CultureInfo.InvariantCulture, out double rate) && rate > 0 && rate <= 1));
        Assert.Contains(a, c => c.Length > 0 && c[0] == "sim" && Value(c, "--sample-pages") is { } s && !(int.TryParse(s, out int n) && n >= 1));
        Assert.Contains(a, c => c.Length > 1 && c[0] == "demo" && c[1] == "thrashing" && c.Contains("--chart"));
        Assert.Contains(a, c => c.Length > 1 && c[0] == "demo" && c[1] != "thrashing" && c.Contains("--chart"));
        Assert.DoesNotContain(a, c => c.Length > 0 && c[0] == "demo" && c.Contains("--all") && !c.Contains("--model-only") && !c.Contains("--list"));
    }

    // The word after an option, when it is there.
    private static string? Value(string[] args, string option)
    {
        int i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? RunCase(int index, string[] template)
    {
        string dir = Directory.CreateTempSubdirectory($"mmaptk-fuzz-{index}-").FullName;
        try
        {
            WriteInputs(dir, index);
            string marker = $"{Environment.ProcessId}-{index}-{Guid.NewGuid():N}";
            var before = SharedDirectories.ToDictionary(d => d, Entries);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = dir,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mmaptk.dll"));
            foreach (string a in template) start.ArgumentList.Add(a.Replace("{dir}", dir));
            start.Environment["NO_COLOR"] = "1";
            start.Environment["TMPDIR"] = dir;
            start.Environment["MMAPTK_FUZZ_CASE"] = marker;
            using var p = Process.Start(start)!;
            int pid = p.Id;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(PerCase))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                KillLeftovers(marker);
                return $"did not finish within {PerCase.TotalSeconds} s";
            }
            string output = stdout.Result + stderr.Result;
            var problems = new List<string>();
            if (p.ExitCode is not (0 or 1 or 2)) problems.Add($"exit code {p.ExitCode}");
            if (StackFrame.IsMatch(output) || output.Contains("Exception", StringComparison.Ordinal) || output.Contains("Unhandled", StringComparison.Ordinal))
                problems.Add("a stack trace or an exception type name in the output");
            if (Leftovers(marker) is { Count: > 0 } left)
            {
                problems.Add($"processes left behind: {string.Join(", ", left)}");
                KillLeftovers(marker);
            }
            foreach (var (d, names) in before)
                foreach (string name in Entries(d).Except(names).Where(n => Regex.IsMatch(n, $@"(^|\D){pid}(\D|$)")))
                    problems.Add($"wrote {Path.Combine(d, name)} outside its directory");
            return problems.Count == 0 ? null : $"{string.Join("; ", problems)}\n    stderr: {Excerpt(stderr.Result)}";
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteInputs(string dir, int index)
    {
        File.WriteAllText(Path.Combine(dir, "trace.txt"), "0 1 2 3 0 1 4 0 1 2 3 4\n1w 5 63 # a comment\n");
        File.WriteAllText(Path.Combine(dir, "empty.txt"), "");
        var junk = new byte[4096];
        new Random(index).NextBytes(junk);
        File.WriteAllBytes(Path.Combine(dir, "junk.bin"), junk);
        File.WriteAllText(Path.Combine(dir, "ok.scenario"),
            "demo fuzz\ntopic 7 fuzz\nagree faults\nprocess main\nmap main heap 4 anon private rw\ntouch main heap all write\n");
        File.WriteAllText(Path.Combine(dir, "bad.scenario"), "demo bad\ntopic 1 bad\nprocess main\nmap main r 4 anon private rw\ntouch main r 9 read\n");
    }

    private static HashSet<string> Entries(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().ToHashSet();
        }
        catch (IOException)
        {
            return [];
        }
    }

    // Processes still alive that inherited the case's marker (forked or exec'd children keep the environment).
    // A child being killed as its parent exits may need a moment to go: wait for that, not for a clock's verdict.
    private static List<int> Leftovers(string marker)
    {
        List<int> found = [];
        for (int attempt = 0; attempt < 50; attempt++)
        {
            found = WithMarker(marker);
            if (found.Count == 0) break;
            Thread.Sleep(100);
        }
        return found;
    }

    private static List<int> WithMarker(string marker)
    {
        byte[] needle = Encoding.UTF8.GetBytes($"MMAPTK_FUZZ_CASE={marker}\0");
        var pids = new List<int>();
        foreach (string d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out int pid)) continue;
            try
            {
                if (File.ReadAllBytes($"{d}/environ").AsSpan().IndexOf(needle) >= 0) pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or another user's: not ours.
            }
        }
        return pids;
    }

    private static void KillLeftovers(string marker)
    {
        foreach (int pid in WithMarker(marker))
        {
            try { Process.GetProcessById(pid).Kill(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
        }
    }

    private static string Excerpt(string text)
    {
        string one = text.ReplaceLineEndings(" | ").Trim();
        return one.Length <= 400 ? one : one[..400] + "...";
    }

    private static string Quote(string[] args)
        => string.Join(' ', args.Select(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' || char.IsControl(c))
            ? "'" + a.Replace("\n", "\\n").Replace("\u0001", "\\x01") + "'" : a));
}
