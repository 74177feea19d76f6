using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MmapToolkit.Pager;

/// <summary>Parameters of <see cref="PagerStress.Run"/>. Stops after <see cref="Duration"/> or
/// <see cref="OperationsPerThread"/>, whichever is given (the count wins if both are).</summary>
public sealed record PagerStressOptions
{
    /// <summary>The most pages a stress run takes: it keeps a version per page and checks every page at the end.</summary>
    public const long MaxPages = 1 << 20;

    /// <summary>The most threads a stress run starts.</summary>
    public const int MaxThreads = 256;

    /// <summary>Pages of the region (at most <see cref="MaxPages"/>).</summary>
    public long Pages { get; init; } = 4096;
    /// <summary>Frames of the region: far fewer than <see cref="Pages"/>, so pages are evicted and swapped in.</summary>
    public int Frames { get; init; } = 256;
    /// <summary>Threads reading and writing at once.</summary>
    public int Threads { get; init; } = 4;
    /// <summary>The region's replacement policy.</summary>
    public PagerPolicy Policy { get; init; } = PagerPolicy.Clock;
    /// <summary>How long to run when <see cref="OperationsPerThread"/> is null.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Operations each thread makes, or null to run for <see cref="Duration"/>.</summary>
    public long? OperationsPerThread { get; init; }
    /// <summary>The region's backend; null lets <see cref="PagerBackends.Choose(PagerBackend?, bool)"/> pick.</summary>
    public PagerBackend? Backend { get; init; }
    /// <summary>Seed of the threads' random choices (and of <see cref="PagerPolicy.Random"/>).</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>What a stress run did and found. <see cref="LostPages"/> must be 0.</summary>
public sealed record PagerStressResult(long Operations, long Reads, long Writes, long Peeks, long BadReads,
                                       long PagesVerified, long LostPages, double Seconds, PagerStatistics Counts)
{
    /// <summary>The backend the region used, and why.</summary>
    public PagerBackendChoice? Backend { get; init; }

    /// <summary>Page faults the region took (references to pages that were not resident).</summary>
    public long Faults => Counts.PageFaults;
}

/// <summary>
/// Random reads and writes of checksummed pages from several threads on one pager region with far fewer frames than
/// pages, then a check of every page. Each thread owns the pages p with p % threads == its index and knows the version
/// it last wrote to each; it writes (a new version, every word derived from page and version) and reads back (checking
/// every word) only its own pages, and also loads the first word of any page (a tag that is 0 or page+1), so several
/// threads fault on the same pages at once.
/// </summary>
public static class PagerStress
{
    /// <summary>Validates <paramref name="options"/>, runs the threads on a new region, checks every page and returns what
    /// happened; <paramref name="progress"/> gets the operations so far about every 100 ms of a timed run.</summary>
    public static PagerStressResult Run(PagerStressOptions options, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        using var pager = new UserPager(new PagerOptions
        {
            Pages = options.Pages, Frames = options.Frames, Policy = options.Policy, Seed = options.Seed, Backend = options.Backend,
        });
        var versions = new long[options.Pages];
        long reads = 0, writes = 0, peeks = 0, bad = 0, total = 0;
        var stop = new CancellationTokenSource();
        var sw = Stopwatch.StartNew();
        var workers = new Thread[options.Threads];
        Exception? failure = null;
        for (int t = 0; t < options.Threads; t++)
        {
            int me = t;
            workers[t] = new Thread(() =>
            {
                try
                {
                    var rng = new Random(unchecked((int)options.Seed * 7919 + me));
                    long owned = (options.Pages - me + options.Threads - 1) / options.Threads;
                    long r = 0, w = 0, pk = 0, b = 0;
                    for (long op = 0; ; op++)
                    {
                        if (options.OperationsPerThread is long limit ? op >= limit : stop.IsCancellationRequested) break;
                        int kind = rng.Next(10);
                        if (kind == 9)
                        {
                            long any = rng.NextInt64(options.Pages);
                            ulong tag = Volatile.Read(ref Words(pager, any)[0]);
                            if (tag != 0 && tag != (ulong)any + 1) b++;
                            pk++;
                        }
                        else
                        {
                            long page = me + rng.NextInt64(owned) * options.Threads;
                            if (kind < 5) { versions[page]++; Fill(Words(pager, page), page, versions[page]); w++; }
                            else { if (!Check(Words(pager, page), page, versions[page])) b++; r++; }
                        }
                        if ((op & 255) == 255) Interlocked.Add(ref total, 256);
                    }
                    Interlocked.Add(ref reads, r);
                    Interlocked.Add(ref writes, w);
                    Interlocked.Add(ref peeks, pk);
                    Interlocked.Add(ref bad, b);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            }) { IsBackground = true, Name = $"pager-stress-{t}" };
        }
        foreach (var w in workers) w.Start();
        if (options.OperationsPerThread is null)
        {
            var deadline = options.Duration;
            while (sw.Elapsed < deadline && workers.Any(w => w.IsAlive))
            {
                Thread.Sleep(100);
                progress?.Invoke(Interlocked.Read(ref total));
            }
            stop.Cancel();
        }
        foreach (var w in workers) w.Join();
        double seconds = sw.Elapsed.TotalSeconds;
        if (failure is not null) throw new InvalidOperationException($"a stress thread failed: {failure.Message}", failure);

        long lost = 0;
        for (long p = 0; p < options.Pages; p++)
            if (!Check(Words(pager, p), p, versions[p])) lost++;
        return new PagerStressResult(reads + writes + peeks, reads, writes, peeks, bad, options.Pages, lost, seconds, pager.Statistics)
        {
            Backend = pager.BackendChoice,
        };
    }

    /// <summary>Throws an ArgumentException whose message names the option and the value.</summary>
    public static void Validate(PagerStressOptions options) => Validate(options, name => name);

    /// <summary>The same, with each option named as <paramref name="name"/> spells the property's name (the command
    /// line passes its option names).</summary>
    public static void Validate(PagerStressOptions options, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(options);
        string pages = name(nameof(options.Pages)), frames = name(nameof(options.Frames)), threads = name(nameof(options.Threads));
        if (options.Threads < 1 || options.Threads > PagerStressOptions.MaxThreads)
            throw new ArgumentException($"{threads} must be between 1 and {PagerStressOptions.MaxThreads} (got {options.Threads})");
        if (options.Policy == PagerPolicy.Opt)
            throw new ArgumentException($"{name(nameof(options.Policy))} opt needs the future references, and a stress run's are random: use fifo, clock, lru or random");
        if (options.Policy == PagerPolicy.WsClock)
            throw new ArgumentException($"{name(nameof(options.Policy))} wsclock measures ages in the program's virtual time, and a stress run's threads keep none (only a replay counts its references): use fifo, clock, lru or random");
        if (options.Pages < 1 || options.Pages > PagerStressOptions.MaxPages)
            throw new ArgumentException($"{pages} must be between 1 and {PagerStressOptions.MaxPages} (got {options.Pages}): every page is checked at the end");
        if (options.Pages < options.Threads)
            throw new ArgumentException($"{pages} {options.Pages} is fewer than {threads} {options.Threads}: each thread needs at least one page of its own");
        if (options.Frames < 1) throw new ArgumentException($"{frames} must be at least 1 (got {options.Frames})");
        if (options.Frames > options.Pages) throw new ArgumentException($"{frames} {options.Frames} is more than {pages} {options.Pages}");
        if (options.OperationsPerThread is < 0)
            throw new ArgumentException($"{name(nameof(options.OperationsPerThread))} must not be negative (got {options.OperationsPerThread})");
    }

    private static Span<ulong> Words(UserPager pager, long page) => MemoryMarshal.Cast<byte, ulong>(pager.Page(page));

    /// <summary>Word i of a page at a version: tag, version, then a mix of the three.</summary>
    public static ulong Expected(long page, long version, int i) => i switch
    {
        0 => (ulong)page + 1,
        1 => (ulong)version,
        _ => Mix((ulong)page * 0x9E3779B97F4A7C15UL ^ (ulong)version * 0xC2B2AE3D27D4EB4FUL ^ (ulong)i),
    };

    /// <summary>Writes version <paramref name="version"/> of page <paramref name="page"/> into <paramref name="words"/> (see <see cref="Expected"/>).</summary>
    public static void Fill(Span<ulong> words, long page, long version)
    {
        for (int i = words.Length - 1; i >= 0; i--) words[i] = Expected(page, version, i);
    }

    /// <summary>True if the page holds exactly what version wrote (all zeros for version 0: never written).</summary>
    public static bool Check(Span<ulong> words, long page, long version)
    {
        for (int i = 0; i < words.Length; i++)
            if (words[i] != (version == 0 ? 0 : Expected(page, version, i))) return false;
        return true;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
