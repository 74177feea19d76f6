using MmapToolkit.Agents;
using MmapToolkit.Mapping;

namespace MmapToolkit.Measurements;

/// <summary>
/// Fork as the heap grows (topic 8): for each size s, this process writes s pages of a private anonymous mapping
/// (NoHugePage) and forks a <see cref="ChildAgent"/> repeatedly; the figure is the clone call's time, measured in
/// the forking process (<see cref="ChildAgent.ForkNanoseconds"/>). Fork copies the page tables of the whole process,
/// so the smallest size already includes the runtime's own memory; the growth between sizes is the heap's share.
/// </summary>
public static class ForkCost
{
    /// <summary>The group's name in <see cref="CostSuite"/> (<c>mmaptk cost --only fork</c>).</summary>
    public const string Group = "fork";

    /// <summary>Progress steps <see cref="Measure"/> reports: one per measured repetition of each heap size.</summary>
    public static int Steps(CostOptions o) => o.Repetitions * o.ForkSizes.Count;

    /// <summary>Validates <paramref name="options"/> and measures the fork time at each of <see cref="CostOptions.ForkSizes"/>,
    /// calling <paramref name="step"/> after each measured repetition; one figure (microseconds) per size.</summary>
    public static IReadOnlyList<CostMeasurement> Measure(CostOptions options, Action? step = null)
    {
        options.Validate();
        var result = new List<CostMeasurement>();
        foreach (long size in options.ForkSizes)
        {
            using var heap = new MappingOptions().Length(size * Environment.SystemPageSize).MapAnonymous();
            heap.Advise(Advice.NoHugePage);
            LocalTouch.Touch(Enumerable.Range(0, checked((int)size)).Select(p => heap.Address + (nint)p * heap.PageSize).ToArray(), write: true);
            var samples = Repetitions.Run(options.Repetitions, () =>
            {
                using var child = ChildAgent.Spawn();
                long ns = child.ForkNanoseconds;
                child.Exit();
                return new CostSample(ns, null, null);
            }, step);
            result.Add(new($"fork_heap_{size}", Group, $"fork with {size} more touched heap pages: the clone call, in the parent",
                           CostUnit.Microseconds, size, samples));
        }
        return result;
    }

    /// <summary>The growth of the median fork time per heap page between the smallest and the largest size, in
    /// nanoseconds; null with fewer than two distinct sizes.</summary>
    public static double? NanosecondsPerHeapPage(IEnumerable<CostMeasurement> forks)
    {
        var f = forks.Where(m => m.Group == Group).OrderBy(m => m.PagesPerSample).ToArray();
        if (f.Length < 2 || f[^1].PagesPerSample == f[0].PagesPerSample) return null;
        return (f[^1].Statistics.Median - f[0].Statistics.Median) * 1000 / (f[^1].PagesPerSample - f[0].PagesPerSample);
    }
}
