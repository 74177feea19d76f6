using MmapToolkit.Agents;
using MmapToolkit.Files;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;

namespace MmapToolkit.Measurements;

/// <summary>
/// Text on demand against reading it all (topic 3): a file of n pages, evicted from the page cache before every
/// repetition (<see cref="PageCache.Evict"/>, checked with mincore), then either mapped privately read-only and k
/// pages (spread evenly) read — with MADV_RANDOM (about one read per touched page) and with the default advice
/// (readahead) — or read() completely into a resident buffer. A file mapping's first touch of an uncached page is
/// a major fault; read() takes none (its I/O is not a fault). The file is deleted afterwards.
/// </summary>
public static class TextOnDemandCost
{
    /// <summary>The group's name in <see cref="CostSuite"/> (<c>mmaptk cost --only text</c>).</summary>
    public const string Group = "text";

    /// <summary>Progress steps <see cref="Measure"/> reports: one per measured repetition of each of its three figures.</summary>
    public static int Steps(CostOptions o) => 3 * o.Repetitions;

    /// <summary>Validates <paramref name="options"/>, writes the file, measures the three figures (mapped with MADV_RANDOM, mapped
    /// with readahead, read()), calling <paramref name="step"/> after each measured repetition, and deletes the file.</summary>
    public static IReadOnlyList<CostMeasurement> Measure(CostOptions options, Action? step = null)
    {
        options.Validate();
        long n = options.Pages, k = options.Touched;
        string path = TestFilePath(options);
        try
        {
            WriteFile(path, n);
            var random = Repetitions.Run(options.Repetitions, () => TouchMapped(path, n, k, Advice.Random), step);
            var readahead = Repetitions.Run(options.Repetitions, () => TouchMapped(path, n, k, Advice.Normal), step);
            var readAll = Repetitions.Run(options.Repetitions, () => ReadAll(path, n), step);
            return
            [
                new("text_touch_random", Group, $"map the evicted {n}-page file, MADV_RANDOM, read {k} pages: faults load them",
                    CostUnit.Microseconds, k, random),
                new("text_touch_readahead", Group, $"map the evicted {n}-page file, default advice (readahead), read {k} pages",
                    CostUnit.Microseconds, k, readahead),
                new("text_read_all", Group, $"read() the evicted {n}-page file completely into a resident buffer",
                    CostUnit.Microseconds, n, readAll),
            ];
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Checks, before anything is measured, that the test file's directory can have its pages evicted (a disk-backed
    /// file system, not tmpfs): a one-page probe is written, evicted and checked with mincore, then deleted.
    /// </summary>
    public static void CheckDirectory(CostOptions options)
    {
        string probe = TestFilePath(options);
        try
        {
            WriteFile(probe, 1);
            Evict(probe, 1);
        }
        catch (InvalidOperationException e)
        {
            // Here it is the directory the user chose that cannot work: bad input, not a failed measurement.
            throw new ArgumentException(e.Message, e);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static string TestFilePath(CostOptions options)
    {
        string directory = options.Directory ?? Path.GetTempPath();
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"directory '{directory}' does not exist");
        return Path.Combine(directory, $"mmaptk-cost-text-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
    }

    private static void WriteFile(string path, long pages)
    {
        int pageSize = Environment.SystemPageSize;
        var page = new byte[pageSize];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (long p = 0; p < pages; p++)
        {
            Array.Fill(page, (byte)(p % 251 + 1));
            stream.Write(page);
        }
    }

    private static void Evict(string path, long pages)
    {
        using (var file = PosixFile.OpenReadOnly(path)) PageCache.Evict(file, path);
        using var probe = new MappingOptions().Protection(Protection.Read).MapFile(path);
        int cached = probe.Residency().Count(r => r);
        if (cached > 0)
            throw new InvalidOperationException(
                $"{cached} of {pages} pages of '{path}' stayed in the page cache after eviction: the directory must be on a disk-backed file system (not tmpfs)");
    }

    private static CostSample TouchMapped(string path, long n, long k, Advice advice)
    {
        Evict(path, n);
        using var mapping = new MappingOptions().Protection(Protection.Read).MapFile(path);
        mapping.Advise(advice);
        var addresses = CostOptions.SpreadPages(n, k).Select(p => mapping.Address + (nint)(p * mapping.PageSize)).ToArray();
        return Repetitions.From(LocalTouch.Touch(addresses, write: false));
    }

    private static CostSample ReadAll(string path, long n)
    {
        Evict(path, n);
        long bytes = n * Environment.SystemPageSize;
        using var buffer = new MappingOptions().Length(bytes).MapAnonymous();
        buffer.Advise(Advice.NoHugePage);
        using var file = PosixFile.OpenReadOnly(path);
        int rc = NativeLib.CostReadAll((int)file.DangerousGetHandle(), buffer.Address, (ulong)bytes, out var r);
        if (rc != 0) throw SyscallException.For($"read(\"{path}\") of {bytes} bytes", (Errno)(-rc));
        if (r.Error != 0) throw SyscallException.For("getrusage/clock_gettime around read", (Errno)r.Error);
        if ((long)r.Completed != bytes) throw new IOException($"read {r.Completed} of the {bytes} bytes of '{path}'");
        return new CostSample(r.ElapsedNs, r.MinorFaults, r.MajorFaults);
    }
}
