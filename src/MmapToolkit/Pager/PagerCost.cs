using MmapToolkit.Interop;
using MmapToolkit.Measurements;

namespace MmapToolkit.Pager;

/// <summary>
/// One measured cost: nanoseconds per fault in each repetition, with median and spread; or, when the mechanism is
/// not available on this machine, no samples and the reason in <see cref="Unavailable"/> (the statistics then throw).
/// </summary>
public sealed record CostFigure(string Name, string Description, IReadOnlyList<double> Samples, string? Unavailable = null)
{
    /// <summary>True when the figure was measured (<see cref="Unavailable"/> is null).</summary>
    public bool IsAvailable => Unavailable is null;

    private Spread Statistics => IsAvailable ? Spread.Of(Samples) : throw new InvalidOperationException($"{Name} was not measured: {Unavailable}");

    /// <summary>Median of <see cref="Samples"/>, in ns per fault; throws <see cref="InvalidOperationException"/> when not measured.</summary>
    public double Median => Statistics.Median;
    /// <summary>Smallest sample, in ns per fault; throws when not measured.</summary>
    public double Min => Statistics.Min;
    /// <summary>Largest sample, in ns per fault; throws when not measured.</summary>
    public double Max => Statistics.Max;

    /// <summary>Half the distance between the quartiles, as a share of the median.</summary>
    public double RelativeSpread => Statistics.RelativeSpread;
}

/// <summary>
/// The cost of one user-level page fault next to the kernel's own demand-zero fault, measured in one run with the
/// timing loops in C: the kernel's first-touch fault, the bare SIGSEGV + mprotect round trip (the floor for any
/// user-level pager), the pager's faults on each backend (zero-fill, with frames lined up and, on the SIGSEGV backend,
/// scattered; swap-in to a free frame; an evicting fault: dirty write-back + swap-in), and the bare userfaultfd mechanism: missing-page faults turned into SIGBUS and resolved in the faulting thread
/// (UFFDIO_ZEROPAGE, or UFFDIO_COPY of a 4 KiB page), and resolved by a separate C handler thread (UFFDIO_ZEROPAGE).
/// Where userfaultfd is not available the userfaultfd figures carry the reason instead of samples.
/// Do not run it while pager regions are in use: the bare round trip installs its own handler for a moment.
/// </summary>
public static unsafe class PagerCost
{
    /// <summary>Fewest and most fresh pages per repetition: the zero-fill row maps one frame per page, so the region's
    /// frames (and kernel VMAs) grow with it.</summary>
    public const long MinPages = 16, MaxPages = 30_000;

    /// <summary>Most repetitions. With <see cref="MaxFaultsPerRow"/> it bounds a run: each fault costs a few µs, and
    /// there are <see cref="Rows"/> rows.</summary>
    public const int MaxRepetitions = 1000;

    /// <summary>Most faults (pages × repetitions) one row may take.</summary>
    public const long MaxFaultsPerRow = 1_000_000;

    /// <summary>Rows measured with both backends, in order (the progress callback counts them).</summary>
    public const int Rows = 13;

    /// <summary>Rows measured for <paramref name="backend"/> (null: both backends' pager rows).</summary>
    public static int RowsFor(PagerBackend? backend) => backend switch
    {
        null => Rows,
        PagerBackend.Sigsegv => Rows - 3,
        _ => Rows - 4,
    };

    /// <summary>Throws an ArgumentException naming the value when a measurement would be out of bounds.</summary>
    public static void Validate(long pages, int repetitions)
    {
        if (pages < MinPages || pages > MaxPages)
            throw new ArgumentException($"--pages must be between {MinPages} and {MaxPages} (got {pages}): the pager maps one frame per page");
        if (repetitions < 1 || repetitions > MaxRepetitions)
            throw new ArgumentException($"--repetitions must be between 1 and {MaxRepetitions} (got {repetitions})");
        if (pages * repetitions > MaxFaultsPerRow)
            throw new ArgumentException($"--pages {pages} x --repetitions {repetitions} is {pages * repetitions:N0} faults per row, more than {MaxFaultsPerRow:N0}: use fewer pages or repetitions");
    }

    /// <summary>Measures every row, in order (see the class summary). Out-of-bounds arguments throw as in
    /// <see cref="Validate"/>; a failed measurement throws <see cref="PagerException"/>.</summary>
    /// <param name="pages">Pages faulted in each repetition (the swap row uses a quarter of them, at least 8).</param>
    /// <param name="repetitions">Repetitions of each row: one sample each.</param>
    /// <param name="swapDirectory">Where the swap-fault row's swap file goes; the temp directory when null.</param>
    /// <param name="rowDone">Called with the number of rows measured so far (1..<see cref="RowsFor"/>).</param>
    /// <param name="backend">Whose pager rows to measure: null both, else that backend's only (the baselines and the
    /// bare userfaultfd rows always). Where the userfaultfd backend is not available its rows carry the reason.</param>
    public static IReadOnlyList<CostFigure> Measure(long pages = 10_000, int repetitions = 9, string? swapDirectory = null, Action<int>? rowDone = null,
                                                    PagerBackend? backend = null)
    {
        Validate(pages, repetitions);
        var figures = new List<CostFigure>();
        void Add(CostFigure figure)
        {
            figures.Add(figure);
            rowDone?.Invoke(figures.Count);
        }
        var samples = new double[repetitions];
        byte* error = stackalloc byte[NativeLib.PagerErrorLength];
        error[0] = 0;
        fixed (double* s = samples)
        {
            Check(NativeLib.PagerCostKernelZero(pages, repetitions, s), "kernel demand-zero fault", error);
            Add(new("kernel_demand_zero", "the kernel's first-touch fault on anonymous memory (zeroing included)", samples.ToArray()));

            Check(NativeLib.PagerCostSigsegvMprotect(pages, repetitions, 0, s), "SIGSEGV round trip", error);
            Add(new("sigsegv_mprotect", "bare C handler: SIGSEGV -> mprotect(READ|WRITE) -> return", samples.ToArray()));

            Check(NativeLib.PagerCostSigsegvMprotect(pages, repetitions, 1, s), "SIGSEGV round trip with fill", error);
            Add(new("sigsegv_mprotect_fill", "bare C handler with a page-sized memset", samples.ToArray()));

            string SwapPath() => Path.Combine(swapDirectory ?? Path.GetTempPath(), $"mmaptk-cost-{Environment.ProcessId}-{Guid.NewGuid():N}.swap");
            long swapFrames = Math.Max(8, pages / 4);
            // The pager unlinks its swap file as soon as it has created it: nothing to delete here.
            if (backend != PagerBackend.Userfaultfd)
            {
                const int segv = (int)PagerBackend.Sigsegv;
                Check(NativeLib.PagerCostPagerFault(segv, 0, pages, repetitions, s, error, NativeLib.PagerErrorLength), "pager zero-fill fault", error);
                Add(new("pager_zero_fill", "the SIGSEGV pager: take a frame, zero it through MAP2, mmap it at the page (frames lined up: neighbouring mappings merge)", samples.ToArray()));

                Check(NativeLib.PagerCostPagerFault(segv, 1, pages, repetitions, s, error, NativeLib.PagerErrorLength), "pager zero-fill fault, scattered", error);
                Add(new("pager_zero_fill_scattered", "the same, pages touched in a scattered order (i x stride mod pages): no two neighbours hold neighbouring frames", samples.ToArray()));

                Check(NativeLib.PagerCostPagerSwapIn(segv, pages, repetitions, SwapPath(), s, error, NativeLib.PagerErrorLength), "pager swap-in fault", error);
                Add(new("pager_swap_in", "the SIGSEGV pager: pread the page's swap slot into a free frame through MAP2, mmap it", samples.ToArray()));

                Check(NativeLib.PagerCostPagerSwap(segv, swapFrames, repetitions, SwapPath(), s, error, NativeLib.PagerErrorLength), "pager swap fault", error);
                Add(new("pager_swap", "the SIGSEGV pager evicting a dirty page (pwrite) and swapping one in (pread)", samples.ToArray()));
            }
            if (backend != PagerBackend.Sigsegv)
            {
                var choice = PagerBackends.Choose(null);
                string? unavailable = choice.Backend == PagerBackend.Userfaultfd ? null : choice.Reason;
                const int uffd = (int)PagerBackend.Userfaultfd;
                Add(unavailable is not null ? new("uffd_pager_zero_fill", "", [], unavailable) : Measured(
                    NativeLib.PagerCostPagerFault(uffd, 0, pages, repetitions, s, error, NativeLib.PagerErrorLength), "uffd pager zero-fill fault", error,
                    new("uffd_pager_zero_fill", "the uffd pager: SIGBUS -> take a frame slot, zero the bounce page, UFFDIO_COPY -> return", samples.ToArray())));
                Add(unavailable is not null ? new("uffd_pager_swap_in", "", [], unavailable) : Measured(
                    NativeLib.PagerCostPagerSwapIn(uffd, pages, repetitions, SwapPath(), s, error, NativeLib.PagerErrorLength), "uffd pager swap-in fault", error,
                    new("uffd_pager_swap_in", "the uffd pager: pread the swap slot into the bounce page, UFFDIO_COPY", samples.ToArray())));
                Add(unavailable is not null ? new("uffd_pager_evicting", "", [], unavailable) : Measured(
                    NativeLib.PagerCostPagerSwap(uffd, swapFrames, repetitions, SwapPath(), s, error, NativeLib.PagerErrorLength), "uffd pager evicting fault", error,
                    new("uffd_pager_evicting", "the uffd pager evicting a dirty page (UFFDIO_WRITEPROTECT, pwrite, MADV_DONTNEED) and swapping one in", samples.ToArray())));
            }

            long kernelFaults;
            int rc = NativeLib.PagerCostUffdSigbus(pages, repetitions, 0, s, out kernelFaults, error, NativeLib.PagerErrorLength);
            Add(Uffd(rc, "uffd_sigbus_zero", "userfaultfd + UFFD_FEATURE_SIGBUS: SIGBUS -> UFFDIO_ZEROPAGE -> return (the retried store copies the zero page)",
                             "userfaultfd SIGBUS zero fault", samples, kernelFaults, pages, error));

            rc = NativeLib.PagerCostUffdSigbus(pages, repetitions, 1, s, out kernelFaults, error, NativeLib.PagerErrorLength);
            Add(Uffd(rc, "uffd_sigbus_fill", "userfaultfd + UFFD_FEATURE_SIGBUS: SIGBUS -> UFFDIO_COPY of a 4 KiB page -> return",
                             "userfaultfd SIGBUS copy fault", samples, kernelFaults, pages, error));

            rc = NativeLib.PagerCostUffdThread(pages, repetitions, s, out kernelFaults, error, NativeLib.PagerErrorLength);
            Add(Uffd(rc, "uffd_thread_zero", "userfaultfd, a C handler thread: read the event -> UFFDIO_ZEROPAGE (wakes the faulting thread)",
                             "userfaultfd handler-thread fault", samples, kernelFaults, pages, error));
        }
        return figures;
    }

    private static CostFigure Uffd(int rc, string name, string description, string what, double[] samples, long kernelFaults, long pages, byte* error)
    {
        if (rc == NativeLib.PagerCostUnavailable)
            return new(name, description, [], System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)error) ?? "userfaultfd unavailable");
        Check(rc, what, error);
        double perPage = (double)kernelFaults / (pages * samples.Length);
        return new(name, $"{description}; getrusage minor faults per page: {perPage:F2}", samples.ToArray());
    }

    private static CostFigure Measured(int rc, string what, byte* error, CostFigure figure)
    {
        Check(rc, what, error);
        return figure;
    }

    private static void Check(int rc, string what, byte* error)
    {
        if (rc == 0) return;
        string detail = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)error) ?? "";
        throw new PagerException($"measuring the {what} failed: {((Errno)(-rc)).Name()} {detail}".TrimEnd(), (Errno)(-rc));
    }
}
