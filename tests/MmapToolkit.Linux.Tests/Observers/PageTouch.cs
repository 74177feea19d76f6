using System.Runtime.CompilerServices;
using MmapToolkit.Mapping;

namespace MmapToolkit.Linux.Tests.Observers;

/// <summary>
/// Touches pages with code that is compiled once, fully optimised (no tiering, no on-stack replacement), so
/// a measured run makes no JIT work on the measuring thread. Call <see cref="WarmUp"/> once before measuring.
/// </summary>
internal static class PageTouch
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Write(Span<byte> memory, int pageSize, int firstPage, int count, byte value)
    {
        for (int i = firstPage; i < firstPage + count; i++) memory[i * pageSize] = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int Read(Span<byte> memory, int pageSize, int firstPage, int count)
    {
        int sum = 0;
        for (int i = firstPage; i < firstPage + count; i++) sum += memory[i * pageSize];
        return sum;
    }

    /// <summary>A fresh private anonymous mapping advised NoHugePage, so every page faults on its own.</summary>
    public static MemoryMapping FreshPages(int pages)
    {
        var m = new MappingOptions().Length((long)pages * Environment.SystemPageSize).MapAnonymous();
        m.Advise(Advice.NoHugePage);
        return m;
    }

    /// <summary>
    /// Runs <paramref name="measure"/> (which maps fresh pages, measures and unmaps them) a few times and returns
    /// the smallest count. A runtime signal (GC or tiering suspension) that lands on this thread inside the
    /// window can only add faults, never remove any; so the minimum is the cost of the work itself, and a
    /// real change in that cost still shows.
    /// </summary>
    public static long Fewest(Func<long> measure, int attempts = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < attempts && fewest > 0; i++) fewest = Math.Min(fewest, measure());
        return fewest;
    }

    public static void WarmUp()
    {
        PrefaultStack();
        using var m = FreshPages(4);
        Write(m.Span, m.PageSize, 0, 2, 1);
        Read(m.Span, m.PageSize, 2, 2);
        WarmUpCounters();
    }

    // A signal handler that runs on this thread's stack must not fault on a stack page touched for the first time.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PrefaultStack()
    {
        Span<byte> below = stackalloc byte[128 * 1024];
        for (int i = 0; i < below.Length; i += 1024) below[i] = 1;
    }

    private static void WarmUpCounters()
    {
        // The first call of each method JIT-compiles it on this thread, and compiling faults.
        var a = MmapToolkit.Observers.FaultCounters.Thread();
        var b = MmapToolkit.Observers.FaultCounters.Process();
        _ = (b - a) + MmapToolkit.Observers.FaultCounters.Children();
    }
}
