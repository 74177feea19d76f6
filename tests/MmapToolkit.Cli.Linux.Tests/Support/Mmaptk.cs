using System.CommandLine;
using System.Text.Json;
using MmapToolkit.Cli.Commands;

namespace MmapToolkit.Cli.Linux.Tests.Support;

/// <summary>
/// Runs an <c>mmaptk</c> command line inside this process: the same parsing, validation, runners and error lines as
/// the real binary, with standard output and error as StringWriters. Output is what a pipe gets: no colour, tables
/// 80 columns wide, no progress.
/// </summary>
internal static class Mmaptk
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Result Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = MmaptkCommandLine.Run(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>Commands that fork or read exact kernel counters run in this collection, alone: a fork by a test running
/// in parallel in this process would share our pages for a moment and raise the share counts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCountersCollection
{
    public const string Name = "exact kernel counters (runs alone)";
}

internal static class Privileges
{
    /// <summary>PFNs in pagemap and /proc/kpagecount can be read here, decided by trying (root without CAP_SYS_ADMIN,
    /// as in a container, cannot); tests that need them assert "needs root" otherwise.</summary>
    public static bool SeesFrames => MmapToolkit.Observers.PhysicalPages.IsAvailable;
}

internal static class Pids
{
    /// <summary>A pid no process has now (the highest free one, least likely to be reused during the test).</summary>
    public static int Unused()
    {
        int max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim());
        for (int pid = max - 1; pid > 1; pid--)
            if (!Directory.Exists($"/proc/{pid}")) return pid;
        throw new InvalidOperationException("every pid is in use");
    }
}
