using System.Text.Json;
using MmapToolkit.Pager;
using static MmapToolkit.Linux.Tests.Pager.PagerTestSupport;

namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>
/// The userfaultfd rows of <c>mmaptk pager cost</c>: present next to the SIGSEGV rows, each either measured in every
/// repetition (the native loop fails the measurement unless the handler resolved every page exactly once) or
/// carrying the reason userfaultfd is unavailable. No time value is checked.
/// </summary>
[Collection(PagerCollection.Name)]
public class PagerCostUserfaultfdTests
{
    private static readonly string[] UffdRows = ["uffd_sigbus_zero", "uffd_sigbus_fill", "uffd_thread_zero"];
    private static readonly string[] Baselines = ["kernel_demand_zero", "sigsegv_mprotect", "sigsegv_mprotect_fill"];
    private static readonly string[] SigsegvPagerRows = ["pager_zero_fill", "pager_zero_fill_scattered", "pager_swap_in", "pager_swap"];
    private static readonly string[] UffdPagerRows = ["uffd_pager_zero_fill", "uffd_pager_swap_in", "uffd_pager_evicting"];

    [Fact]
    public void EachBackendsPagerRows_AreMeasured_ExactlyWhereTheBackendExists()
    {
        var segv = PagerCost.Measure(pages: 32, repetitions: 2, backend: PagerBackend.Sigsegv);
        Assert.Equal([.. Baselines, .. SigsegvPagerRows, .. UffdRows], segv.Select(f => f.Name).ToArray());
        Assert.Equal(PagerCost.RowsFor(PagerBackend.Sigsegv), segv.Count);
        Assert.All(segv.Where(f => SigsegvPagerRows.Contains(f.Name)), f => Assert.Equal(2, f.Samples.Count));

        var uffd = PagerCost.Measure(pages: 32, repetitions: 2, backend: PagerBackend.Userfaultfd);
        Assert.Equal([.. Baselines, .. UffdPagerRows, .. UffdRows], uffd.Select(f => f.Name).ToArray());
        Assert.Equal(PagerCost.RowsFor(PagerBackend.Userfaultfd), uffd.Count);
        foreach (var f in uffd.Where(f => UffdPagerRows.Contains(f.Name)))
        {
            if (Backends.Contains(PagerBackend.Userfaultfd)) Assert.True(f.IsAvailable && f.Samples.Count == 2, $"{f.Name}: {f.Unavailable}");
            else Assert.StartsWith("sigsegv: userfaultfd", f.Unavailable);
        }
    }

    [Fact]
    public void TheUserfaultfdRowsAreMeasuredInEveryRepetition_OrSayWhyNot()
    {
        var figures = PagerCost.Measure(pages: 64, repetitions: 3);
        Assert.Equal([.. Baselines, .. SigsegvPagerRows, .. UffdPagerRows, .. UffdRows],
                     figures.Select(f => f.Name).ToArray());
        foreach (var f in figures.Where(f => UffdRows.Contains(f.Name)))
        {
            if (f.IsAvailable)
            {
                Assert.Equal(3, f.Samples.Count);
                Assert.All(f.Samples, s => Assert.True(double.IsFinite(s)));
                Assert.Contains("getrusage minor faults per page", f.Description);
            }
            else
            {
                Assert.Empty(f.Samples);
                Assert.Contains("userfaultfd", f.Unavailable);
                Assert.Throws<InvalidOperationException>(() => f.Median);
            }
        }
    }

    [Fact]
    public void TheUserfaultfdRowsAreMeasuredExactlyWhereTheProfileSaysUserfaultfdWorks()
    {
        var uffd = MmapToolkit.Profile.KernelProfile.Current.Userfaultfd;
        var figures = PagerCost.Measure(pages: 32, repetitions: 2);
        foreach (var name in UffdRows)
        {
            var f = figures.Single(x => x.Name == name);
            if (uffd.Available) Assert.True(f.IsAvailable, $"{name}: {f.Unavailable}");
            else Assert.False(f.IsAvailable, $"{name} was measured, yet the profile says userfaultfd is unavailable: {uffd.Reason}");
        }
    }

    [Fact]
    public void TheJsonHasTheUserfaultfdRowsInTheSameShape()
    {
        var result = RunMmaptk("pager", "cost", "--pages", "32", "--repetitions", "2", "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("figures").EnumerateArray().ToList();
        var keys = rows[0].EnumerateObject().Select(p => p.Name).ToArray();
        foreach (var name in UffdRows)
        {
            var row = rows.Single(r => r.GetProperty("name").GetString() == name);
            Assert.Equal(keys, row.EnumerateObject().Select(p => p.Name).ToArray());
            if (row.GetProperty("unavailable").ValueKind == JsonValueKind.Null)
            {
                Assert.Equal(2, row.GetProperty("samples").GetInt32());
                Assert.Equal(JsonValueKind.Number, row.GetProperty("median_ns").ValueKind);
            }
            else
            {
                Assert.Equal(0, row.GetProperty("samples").GetInt32());
                Assert.Equal(JsonValueKind.Null, row.GetProperty("median_ns").ValueKind);
            }
        }
    }
}
