using System.Collections.Concurrent;
using System.Diagnostics;

namespace MmapToolkit.Linux.Tests.Recording;

/// <summary>
/// Seeded random command lines for <c>mmaptk faults</c>, run as real processes: plausible options with hostile values
/// (negative, huge, NaN, empty, a directory, /dev/zero, a missing program). Each must exit 0, 1 or 2 within its time,
/// never with a stack trace or an internal error, and an exit 2 is exactly one line on stderr.
/// </summary>
public class FaultsCommandLineFuzzTests
{
    private const int Seed = 12, Cases = 36;

    private static readonly string[][] Programs =
    [
        ["--", "true"], ["--", "{faultprog}", "write", "4", "0x200000000000"], ["--", "{faultprog}"], ["--", "/no/such/program"],
        ["--", "{dir}"], ["--", "/dev/zero"], ["--", ""], ["--", "no-such-program-mmaptk"], ["--", "{dir}/data.txt"], [],
    ];

    private static readonly (string Name, string[] Values)[] Options =
    [
        ("--pid", ["1", "0", "-1", "2147483647", "x", "", "99999999999"]),
        ("--seconds", ["0.1", "0", "-1", "NaN", "Infinity", "1e308", "x", "3601"]),
        ("--timeline", ["0", "3", "-1", "100001", "x"]),
        ("--buffer-pages", ["1", "64", "0", "3", "65537", "x", "-8"]),
        ("--trace-out", ["{dir}/t.trace", "{dir}", "{dir}/missing/t.trace", "", "/dev/zero"]),
        ("--json", []), ("--csv", []),
    ];

    [PerfFact]
    public void Random_faults_command_lines_exit_0_1_or_2_with_one_line_for_bad_input()
    {
        var random = new Random(Seed);
        var cases = new List<string[]>();
        for (int i = 0; i < Cases; i++)
        {
            var args = new List<string> { "faults" };
            foreach (var (name, values) in Options)
            {
                if (random.Next(4) != 0) continue;
                args.Add(name);
                if (values.Length > 0) args.Add(values[random.Next(values.Length)]);
            }
            args.AddRange(Programs[random.Next(Programs.Length)]);
            cases.Add([.. args]);
        }
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, args =>
        {
            if (RunCase(args) is { } problem) failures.Add($"mmaptk {string.Join(' ', args.Select(a => $"'{a}'"))}\n    {problem}");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} command lines misbehaved:\n" + string.Join('\n', failures.Order()));
    }

    private static string? RunCase(string[] template)
    {
        string dir = Directory.CreateTempSubdirectory("mmaptk-faults-fuzz-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "data.txt"), "not a program");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mmaptk.dll"));
            foreach (string a in template) start.ArgumentList.Add(a.Replace("{dir}", dir).Replace("{faultprog}", RecorderAvailability.FaultProgram));
            start.Environment["NO_COLOR"] = "1";
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                p.Kill(entireProcessTree: true);
                return "did not finish within 60 s";
            }
            string err = stderr.Result;
            if (p.ExitCode is not (0 or 1 or 2)) return $"exit code {p.ExitCode}: {err}";
            if (err.Contains("internal error") || err.Contains("   at ")) return $"a crash: {err}";
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (p.ExitCode == 2 && (lines.Length != 1 || !lines[0].StartsWith("mmaptk: error: ", StringComparison.Ordinal)))
                return $"exit 2 without exactly one error line: {err}";
            _ = stdout.Result;
            return null;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
