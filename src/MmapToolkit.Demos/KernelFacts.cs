using MmapToolkit.Observers;
using MmapToolkit.Profile;

namespace MmapToolkit.Demos;

/// <summary>
/// The facts about the kernel a demo depends on: whether reads map the zero page, the fault-around window, whether
/// huge pages can be used, and where libc's code and data lie. Probed on the running kernel when the real side runs
/// (<see cref="Probed"/>); otherwise <see cref="ModelDefault"/>. Scenarios use them in two ways: <c>@NAME</c> in a
/// line stands for a value (<see cref="Values"/>), and a <c>differs</c>/<c>explain</c> reason holds only where the
/// fact it needs holds (<see cref="WhyReasonDoesNotHold"/>, the table in docs/scenarios.md).
/// </summary>
/// <param name="Source">Where the facts came from, shown with the demo.</param>
public sealed record KernelFacts(bool ZeroPageOnRead, int FaultAroundPages, bool LargeAnonymousPages, LibcLayout Libc, string Source)
{
    /// <summary>A stock Linux kernel as documented (docs/scenarios.md), used when no kernel is probed (<c>--model-only</c>):
    /// the zero page on read, a 16-page fault-around window, no huge pages, libc laid out as Debian 12's.</summary>
    public static KernelFacts ModelDefault { get; } =
        new(true, 16, false, new LibcLayout("/usr/lib/x86_64-linux-gnu/libc.so.6", 471, 38, 342, 467, 2), "the model's defaults (no kernel probed)");

    /// <summary>The running kernel's facts, from <see cref="KernelProfile.Current"/> and this process's own maps.</summary>
    public static KernelFacts Probed()
    {
        var p = KernelProfile.Current;
        // Without a glibc-named libc (musl, a static build) only the libc demo is affected: its file is then missing here.
        var libc = p.LibcPath is null ? ModelDefault.Libc : LibcLayout.OfThisProcess(p.LibcPath);
        return new KernelFacts(p.ZeroPageOnRead, p.FaultAroundPages, p.LargeAnonymousPages, libc, $"probed on this kernel ({p.KernelRelease})");
    }

    /// <summary>What <c>@NAME</c> stands for in a scenario line.</summary>
    public IReadOnlyDictionary<string, string> Values => new Dictionary<string, string>
    {
        ["fault-around"] = FaultAroundPages.ToString(),
        ["libc"] = Libc.Path,
        ["libc-pages"] = Libc.FilePages.ToString(),
        ["libc-code"] = Libc.CodePage.ToString(),
        ["libc-code-pages"] = Libc.CodePages.ToString(),
        ["libc-data"] = Libc.DataPage.ToString(),
        ["libc-data-pages"] = Libc.DataPages.ToString(),
    };

    /// <summary>Reason keys that hold only where a fact holds: the fact's name and the test.</summary>
    public static readonly IReadOnlyDictionary<string, (string Fact, Func<KernelFacts, bool> Holds)> ReasonNeeds =
        new Dictionary<string, (string, Func<KernelFacts, bool>)>
        {
            ["zero-page"] = ("zero_page_on_read", f => f.ZeroPageOnRead),
            ["fault-around"] = ("fault_around_pages > 1", f => f.FaultAroundPages > 1),
            ["thp"] = ("thp_enabled or an mthp size not never", f => f.LargeAnonymousPages),
        };

    /// <summary>Null when <paramref name="reasonKey"/> may explain a difference on this kernel; otherwise why not.</summary>
    public string? WhyReasonDoesNotHold(string reasonKey) =>
        ReasonNeeds.TryGetValue(reasonKey, out var need) && !need.Holds(this)
            ? $"'{reasonKey}' needs {need.Fact}, which does not hold on this kernel"
            : null;
}

/// <summary>Where the C library's code (r-x) and writable data (rw-) lie in its file, in pages.</summary>
public sealed record LibcLayout(string Path, int FilePages, int CodePage, int CodePages, int DataPage, int DataPages)
{
    /// <summary>The layout the dynamic loader gave this process's own libc (from /proc/self/smaps).</summary>
    public static LibcLayout OfThisProcess(string? path)
    {
        if (path is null) throw new InvalidOperationException("this process has no C library mapped (/proc/self/maps names none): the libc demo cannot run");
        int pageSize = Environment.SystemPageSize;
        var maps = Smaps.Read(Environment.ProcessId).Where(m => m.Name == path).ToList();
        var code = maps.FirstOrDefault(m => m.Permissions.StartsWith("r-x", StringComparison.Ordinal));
        var data = maps.FirstOrDefault(m => m.Permissions.StartsWith("rw-", StringComparison.Ordinal));
        if (code is null || data is null)
            throw new InvalidOperationException($"'{path}' has no r-x or no rw- mapping in this process: the libc demo cannot find its code and data");
        int filePages = (int)((new FileInfo(path).Length + pageSize - 1) / pageSize);
        int dataPage = (int)(data.Offset / (ulong)pageSize);
        return new LibcLayout(path, filePages, (int)(code.Offset / (ulong)pageSize), (int)(code.Length / (ulong)pageSize),
                              dataPage, Math.Min((int)(data.Length / (ulong)pageSize), filePages - dataPage));
    }
}
