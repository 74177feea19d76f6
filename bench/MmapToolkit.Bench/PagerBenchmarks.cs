using BenchmarkDotNet.Attributes;
using MmapToolkit.Pager;

namespace MmapToolkit.Bench;

/// <summary>
/// The user-level pager's faults taken from managed code (a Span store per page): a zero-fill fault into a free frame,
/// and a swap fault (dirty victim written to the swap file, the page read back from it). One operation = one fault.
/// `mmaptk pager cost` measures the same from C next to the kernel's demand-zero fault.
/// </summary>
[MemoryDiagnoser(false)]
public class PagerBenchmarks
{
    private const int Pages = 4096;
    private UserPager? _pager;

    [IterationSetup(Target = nameof(ZeroFillFault))]
    public void SetupZeroFill() => _pager = new UserPager(new PagerOptions { Pages = Pages, Frames = Pages, Policy = PagerPolicy.Fifo });

    [IterationSetup(Target = nameof(SwapFault))]
    public void SetupSwap()
    {
        _pager = new UserPager(new PagerOptions { Pages = Pages, Frames = Pages / 2, Policy = PagerPolicy.Fifo });
        TouchAll(); // every page written once: from here on, every fault is a dirty eviction plus a swap-in
    }

    [IterationCleanup]
    public void Cleanup() => _pager?.Dispose();

    [Benchmark(OperationsPerInvoke = Pages)]
    public void ZeroFillFault() => TouchAll();

    [Benchmark(OperationsPerInvoke = Pages)]
    public void SwapFault() => TouchAll();

    private void TouchAll()
    {
        var pager = _pager!;
        for (long p = 0; p < Pages; p++) pager.Page(p)[0] = 1;
    }
}
