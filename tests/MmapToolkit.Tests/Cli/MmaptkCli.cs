using System.Diagnostics;
using System.Text.Json;

namespace MmapToolkit.Tests.Cli;

/// <summary>Runs the real <c>mmaptk</c> (built next to the tests) as a separate process and captures its output.</summary>
internal static class MmaptkCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Result Run(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the CLI is not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"mmaptk {string.Join(' ', args)} did not finish within 120 s");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Runs <c>mmaptk inspect</c> inside this process (same command code, same JSON), for comparisons that a
    /// second dotnet process would disturb: it maps libc too, which changes every other process's Pss.
    /// Callers are in the serial collection, so redirecting the console is safe.
    /// </summary>
    public static Result InspectInProcess(params string[] args)
    {
        var root = new System.CommandLine.RootCommand { MmapToolkit.Cli.Commands.InspectCommand.Create() };
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (savedOut, savedErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = root.Parse(["inspect", .. args]).Invoke();
            return new Result(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
        }
    }

    /// <summary>A figure from a /proc/&lt;pid&gt;/smaps_rollup file, read here without the toolkit's parser.</summary>
    public static long RollupKb(int pid, string field)
    {
        string line = File.ReadAllLines($"/proc/{pid}/smaps_rollup").Single(l => l.StartsWith(field + ":"));
        return long.Parse(line[(field.Length + 1)..].Replace("kB", "").Trim());
    }
}
