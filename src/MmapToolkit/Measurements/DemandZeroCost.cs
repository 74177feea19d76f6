using MmapToolkit.Agents;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;

namespace MmapToolkit.Measurements;

/// <summary>
/// Demand-zero against eager zeroing (the notes' bss story, topic 7): the first write to k of n fresh anonymous
/// pages (each a demand-zero fault: the kernel takes a frame, zeroes it, maps it), against a memset of all n pages
/// of a fresh mapping (which takes the n faults as well) and of a mapping already resident (the zeroing alone).
/// Every mapping is advised MADV_NOHUGEPAGE, so one fault maps one page (docs/design.md rule 3).
/// </summary>
public static class DemandZeroCost
{
    /// <summary>The group's name in <see cref="CostSuite"/> (<c>mmaptk cost --only demand-zero</c>).</summary>
    public const string Group = "demand-zero";

    /// <summary>Repetitions this group reports progress for (one per measured repetition of each figure).</summary>
    public static int Steps(CostOptions o) => 3 * o.Repetitions;

    /// <summary>Validates <paramref name="options"/> and measures the three figures (first touch of k pages, memset of a fresh
    /// mapping, memset of a resident one), calling <paramref name="step"/> after each measured repetition.</summary>
    public static IReadOnlyList<CostMeasurement> Measure(CostOptions options, Action? step = null)
    {
        options.Validate();
        long n = options.Pages, k = options.Touched;
        long bytes = n * Environment.SystemPageSize;

        var touch = Repetitions.Run(options.Repetitions, () =>
        {
            using var mapping = Fresh(bytes);
            var addresses = CostOptions.SpreadPages(n, k).Select(p => mapping.Address + (nint)(p * mapping.PageSize)).ToArray();
            return Repetitions.From(LocalTouch.Touch(addresses, write: true));
        }, step);

        var fresh = Repetitions.Run(options.Repetitions, () =>
        {
            using var mapping = Fresh(bytes);
            return Memset(mapping);
        }, step);

        using var resident = Fresh(bytes);
        Memset(resident);
        var zeroing = Repetitions.Run(options.Repetitions, () => Memset(resident), step);

        return
        [
            new("demand_zero_touch", Group, $"first write to {k} of {n} fresh anonymous pages: one demand-zero fault each (per touched page)",
                CostUnit.NanosecondsPerPage, k, touch),
            new("memset_fresh", Group, $"memset of all {n} pages of a fresh mapping: the faults and the zeroing (per page)",
                CostUnit.NanosecondsPerPage, n, fresh),
            new("memset_resident", Group, $"memset of all {n} pages already resident: the zeroing alone (per page)",
                CostUnit.NanosecondsPerPage, n, zeroing),
        ];
    }

    private static MemoryMapping Fresh(long bytes)
    {
        var mapping = new MappingOptions().Length(bytes).MapAnonymous();
        mapping.Advise(Advice.NoHugePage);
        return mapping;
    }

    private static CostSample Memset(MemoryMapping mapping)
    {
        int rc = NativeLib.CostMemset(mapping.Address, (ulong)mapping.Length, 0, out var r);
        if (rc != 0) throw SyscallException.For($"memset over {mapping.Length} bytes", (Errno)(-rc));
        if (r.Error != 0) throw SyscallException.For("getrusage/clock_gettime around memset", (Errno)r.Error);
        return new CostSample(r.ElapsedNs, r.MinorFaults, r.MajorFaults);
    }
}
