using System.Diagnostics;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;

namespace MmapToolkit.Linux.Tests.Pager;

internal static class PagerTestSupport
{
    public const string NotesString = "0 1 2 3 0 1 4 0 1 2 3 4";

    public static readonly PagerPolicy[] Policies = [PagerPolicy.Fifo, PagerPolicy.Clock, PagerPolicy.Lru, PagerPolicy.Opt, PagerPolicy.Random];

    /// <summary>Both backends where this kernel gives the pager userfaultfd (the profile's probe decides, as the
    /// default does); the SIGSEGV backend alone where it does not. <see cref="PagerBackendTests"/> checks that the probe
    /// and a real region agree, so a machine with userfaultfd never silently loses the uffd half of these tests.</summary>
    public static readonly PagerBackend[] Backends = PagerBackends.Choose(null).Backend == PagerBackend.Userfaultfd
        ? [PagerBackend.Sigsegv, PagerBackend.Userfaultfd]
        : [PagerBackend.Sigsegv];

    public static PagerAccess[] ToAccesses(IReadOnlyList<PageReference> trace) =>
        trace.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToArray();

    /// <summary>A seeded random reference string over a few pages with some locality, and stores when writeShare > 0.</summary>
    public static List<PageReference> RandomTrace(int seed, int length, int pages, double writeShare)
    {
        var rng = new Random(seed);
        var trace = new List<PageReference>(length);
        long last = 0;
        for (int i = 0; i < length; i++)
        {
            long page = rng.NextDouble() < 0.3 ? last : rng.Next(pages);
            trace.Add(new PageReference(page, rng.NextDouble() < writeShare));
            last = page;
        }
        return trace;
    }

    /// <summary>Replays trace on a fresh region and returns the real counts.</summary>
    public static PagerReplayResult Replay(PagerPolicy policy, int frames, IReadOnlyList<PageReference> trace, ulong seed = 1,
                                           PagerBackend? backend = null)
    {
        long pages = Math.Max(trace.Max(r => r.Page) + 1, frames);
        using var pager = new UserPager(new PagerOptions { Pages = pages, Frames = frames, Policy = policy, Seed = seed, Backend = backend });
        Assert.True(backend is null || pager.Backend == backend, $"asked for {backend}, got {pager.Backend}");
        return PagerReplay.Run(pager, ToAccesses(trace));
    }

    public sealed record ChildResult(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs the mmaptk command line (built next to the tests) in a child process, killed if it overruns.</summary>
    public static ChildResult RunMmaptk(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A hang detector, not a time limit: the NullReferenceException storm takes 13-16 s at load 30 on 2 cores.
        if (!p.WaitForExit(TimeSpan.FromSeconds(180)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"mmaptk {string.Join(' ', args)} did not end within 180 s (a hang)");
        }
        p.WaitForExit();
        return new ChildResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
