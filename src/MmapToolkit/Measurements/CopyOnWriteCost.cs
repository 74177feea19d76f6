using MmapToolkit.Agents;
using MmapToolkit.Mapping;

namespace MmapToolkit.Measurements;

/// <summary>
/// The copy-on-write fault (topic 8): this process writes every page of an n-page private anonymous mapping
/// (NoHugePage), forks a <see cref="ChildAgent"/>, and the child writes k of the pages. Each of those writes is a
/// fault that copies the page; the child times its own loop and counts its own faults (RUSAGE_THREAD), so the
/// figure is the child's, per copied page. A fresh mapping and a fresh child for every repetition.
/// </summary>
public static class CopyOnWriteCost
{
    /// <summary>The group's name in <see cref="CostSuite"/> (<c>mmaptk cost --only cow-fault</c>).</summary>
    public const string Group = "cow-fault";

    /// <summary>Progress steps <see cref="Measure"/> reports: one per measured repetition.</summary>
    public static int Steps(CostOptions o) => o.Repetitions;

    /// <summary>Validates <paramref name="options"/>, runs a warm-up and the measured repetitions, calling <paramref name="step"/>
    /// after each, and returns the figure (nanoseconds per copied page).</summary>
    public static IReadOnlyList<CostMeasurement> Measure(CostOptions options, Action? step = null)
    {
        options.Validate();
        long n = options.Pages, k = options.Touched;
        var samples = Repetitions.Run(options.Repetitions, () =>
        {
            using var mapping = new MappingOptions().Length(n * Environment.SystemPageSize).MapAnonymous();
            mapping.Advise(Advice.NoHugePage);
            var all = Enumerable.Range(0, checked((int)n)).Select(p => mapping.Address + (nint)p * mapping.PageSize).ToArray();
            LocalTouch.Touch(all, write: true, value: 1);
            var written = CostOptions.SpreadPages(n, k).Select(p => all[p]).ToArray();
            using var child = ChildAgent.Spawn();
            var r = child.Touch(written, write: true, value: 2);
            if (r.Fault is { } f) throw new InvalidOperationException($"the child's write faulted unexpectedly: {f}");
            child.Exit();
            return Repetitions.From(r);
        }, step);
        return
        [
            new("cow_fault", Group, $"after fork, the child writes {k} of {n} shared pages: one copy-on-write fault each (per copied page, timed by the child)",
                CostUnit.NanosecondsPerPage, k, samples),
        ];
    }
}
