using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace MmapToolkit.Linux.Tests.Cli;

/// <summary>
/// Runs the real <c>mmaptk</c> (built next to the tests) as a separate process and captures its output: for what needs
/// a process of its own (the real binary's exit codes, a pipe as standard output, crashes, leftover processes).
/// Everything else runs in-process (MmapToolkit.Cli.Linux.Tests' <c>Mmaptk.Run</c>).
/// </summary>
internal static class MmaptkCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, args);

    /// <summary>Runs with <paramref name="environment"/> set on top of this process's (a null value removes the
    /// variable): <see cref="Run"/> sets NO_COLOR=1.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the CLI is not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
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
}
