using System.Text;
using MmapToolkit.Interop;

namespace MmapToolkit.Pager;

/// <summary>
/// A region of virtual memory paged by the toolkit itself: a signal handler acting as the application's page-fault
/// handler (SIGSEGV, or SIGBUS from userfaultfd: <see cref="PagerBackend"/>), over a bounded set of frames and a real
/// swap file.
/// </summary>
/// <remarks>
/// <para>The region starts inaccessible. A load or store to a page that is not resident faults; the handler (native,
/// async-signal-safe) takes a free frame or evicts a victim by <see cref="PagerOptions.Policy"/>, fills the frame where
/// the user cannot see it (zeroes, the backing file, or the page's swap slot) and maps it at the page's address; the
/// access then runs again. A page is mapped read-only until its first store (a dirty fault); a dirty victim is written
/// to the swap file, a clean one is dropped.</para>
/// <para>Access it through <see cref="AsSpan()"/>, <see cref="Page"/> or <see cref="Pointer"/>, from any thread, from
/// managed or native code. Spans do not keep the pager alive: do not use them after <see cref="Dispose"/>, which
/// unmaps the region, closes the frame pool and the swap file and, with the last region, removes the handler.</para>
/// <para>Only touched pages cost memory: the per-page table is address space that the kernel fills on first use, so a
/// region of 2^32 pages with a few pages touched stays small. The swap file is unlinked as soon as it is created: it
/// never shows in its directory, and nothing is left behind however the process ends.</para>
/// </remarks>
public sealed unsafe class UserPager : IDisposable
{
    private static long s_serial;
    private readonly int _id;
    private readonly long* _virtualTime;
    private int _disposed;
    // Native calls that name the region hold this for reading; Dispose takes it for writing, so a region is never
    // destroyed under a call, and a disposed pager's id (a slot a new region may reuse) is never used again.
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Creates the region: maps its pages inaccessible, creates the frame pool and the swap file, and installs the
    /// fault handler if it is the first region. Linux only. Throws <see cref="ArgumentException"/> for a bad
    /// page or frame count, <see cref="FileNotFoundException"/> for a missing backing file, and <see cref="PagerException"/>
    /// when the kernel refuses (e.g. too many mappings for <c>vm.max_map_count</c>).</summary>
    public UserPager(PagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the user-level pager needs Linux");
        options.Validate();
        if (options.BackingFile is not null && !File.Exists(options.BackingFile))
            throw new FileNotFoundException($"the pager's backing file '{options.BackingFile}' does not exist", options.BackingFile);

        Options = options;
        PageSize = Environment.SystemPageSize;
        long serial = Interlocked.Increment(ref s_serial);
        FramePoolName = $"mmaptk-pager-{Environment.ProcessId}-{serial}";
        SwapFilePath = options.SwapFile ?? Path.Combine(Path.GetTempPath(), $"mmaptk-swap-{Environment.ProcessId}-{serial}-{Guid.NewGuid():N}.swap");

        var choice = PagerBackends.Choose(options.Backend, options.Writable);
        string? refused = Create(options, choice.Backend, out _id, out nint baseAddress);
        if (refused is not null && options.Backend is null && choice.Backend == PagerBackend.Userfaultfd)
        {
            // The profile found userfaultfd, but this region's registration was refused: the default falls back.
            choice = new PagerBackendChoice(PagerBackend.Sigsegv, $"sigsegv: the userfaultfd region was refused ({refused})");
            refused = Create(options, choice.Backend, out _id, out baseAddress);
        }
        if (refused is not null) throw new PagerException(refused, Errno.EOPNOTSUPP);
        BaseAddress = baseAddress;
        BackendChoice = choice;
        _virtualTime = NativeLib.PagerVirtualTime(_id);   // lives in the region's native state until Dispose
    }

    /// <summary>Creates the native region; null, or the message of a userfaultfd refusal the default may fall back from.
    /// Other failures throw.</summary>
    private string? Create(PagerOptions options, PagerBackend backend, out int id, out nint baseAddress)
    {
        byte[] pool = Utf8(FramePoolName);
        byte[] swap = Utf8(SwapFilePath);
        byte[]? file = options.BackingFile is null ? null : Utf8(Path.GetFullPath(options.BackingFile));
        byte* error = stackalloc byte[NativeLib.PagerErrorLength];
        fixed (byte* poolPtr = pool, swapPtr = swap, filePtr = file)
        {
            var config = new NativeLib.PagerConfig
            {
                Pages = options.Pages,
                Frames = options.Frames,
                Policy = (int)options.Policy,
                Prot = options.Writable ? 3 : 1,
                Backend = (int)backend,
                FileOffset = options.BackingFileOffset,
                SwapSlots = options.SwapSlots,
                Seed = options.Seed,
                Tau = options.Tau,
                FilePath = filePtr,
                SwapPath = swapPtr,
                PoolName = poolPtr,
            };
            int rc = NativeLib.PagerCreate(&config, out id, out baseAddress, error, NativeLib.PagerErrorLength);
            if (rc == 0) return null;
            string message = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)error) ?? "pager region creation failed";
            if (backend == PagerBackend.Userfaultfd && message.StartsWith(UffdRefusedPrefix, StringComparison.Ordinal)) return message;
            var errno = (Errno)(-rc);
            throw errno == Errno.ENOENT ? new FileNotFoundException(message) : new PagerException(message, errno);
        }
    }

    /// <summary>How native/src/pager/pager_uffd.c begins a message for a userfaultfd the kernel would not give.</summary>
    private const string UffdRefusedPrefix = "userfaultfd unavailable";

    /// <summary>The most frames a region may have (native/src/pager/pager.h PAGER_MAX_FRAMES). Creation also refuses a pool
    /// over half the memory available, or more frames than <c>vm.max_map_count</c> leaves room for.</summary>
    public const int MaxFrames = 1 << 20;

    /// <summary>The backend this region uses, and why (<see cref="PagerOptions.Backend"/>, or the default's choice).</summary>
    public PagerBackendChoice BackendChoice { get; }

    /// <summary>The backend this region uses.</summary>
    public PagerBackend Backend => BackendChoice.Backend;

    /// <summary>How the userfaultfd backend got its descriptor: <c>syscall</c>, <c>user-mode-only</c> (allowed
    /// unprivileged), <c>/dev/userfaultfd</c>; null for the SIGSEGV backend.</summary>
    public string? UserfaultfdMode => WithRegion(NativeLib.PagerUffdHow) switch
    {
        1 => "syscall", 2 => "user-mode-only", 3 => "/dev/userfaultfd", _ => null,
    };

    /// <summary>The options the region was created with.</summary>
    public PagerOptions Options { get; }
    /// <summary>Virtual pages in the region.</summary>
    public long Pages => Options.Pages;
    /// <summary>Frames in the pool.</summary>
    public int Frames => Options.Frames;
    /// <summary>The replacement policy.</summary>
    public PagerPolicy Policy => Options.Policy;
    /// <summary>The system page size.</summary>
    public int PageSize { get; }
    /// <summary>The region's size in bytes (<see cref="Pages"/> × <see cref="PageSize"/>).</summary>
    public long Length => Pages * PageSize;

    /// <summary>Address of page 0.</summary>
    public nint BaseAddress { get; }

    /// <summary>Page 0 as a pointer, for unsafe or native code.</summary>
    public byte* Pointer => (byte*)BaseAddress;

    /// <summary>Where the swap file was created. It is unlinked at once: the region keeps it open (shown in
    /// /proc/self/fd as this path followed by "(deleted)"), and it is gone from the directory.</summary>
    public string SwapFilePath { get; }

    /// <summary>The memfd's name: shows as <c>/memfd:NAME (deleted)</c> in /proc/self/fd and /proc/self/maps.</summary>
    public string FramePoolName { get; }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The whole region (if it is under 2 GiB).</summary>
    public Span<byte> AsSpan()
    {
        ThrowIfDisposed();
        if (Length > int.MaxValue) throw new InvalidOperationException($"the region is {Length} bytes, too large for one span: use Page(n) or Slice");
        return new Span<byte>(Pointer, (int)Length);
    }

    /// <summary>One page.</summary>
    public Span<byte> Page(long page)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(page, Pages);
        return new Span<byte>(Pointer + page * PageSize, PageSize);
    }

    /// <summary>length bytes at offset.</summary>
    public Span<byte> Slice(long offset, int length)
    {
        ThrowIfDisposed();
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + length}) is outside the region of {Length} bytes");
        return new Span<byte>(Pointer + offset, length);
    }

    /// <summary>A consistent snapshot of the region's counters.</summary>
    public PagerStatistics Statistics
    {
        get
        {
            NativeLib.PagerStats s = default;
            WithRegion(id => NativeLib.PagerStatsGet(id, out s));
            return new PagerStatistics
            {
                ZeroFills = (long)s.ZeroFills, FileReads = (long)s.FileReads, SwapIns = (long)s.SwapIns,
                ReferenceFaults = (long)s.ReferenceFaults, DirtyFaults = (long)s.DirtyFaults, SpuriousFaults = (long)s.SpuriousFaults,
                Evictions = (long)s.Evictions, SwapOuts = (long)s.SwapOuts, CleanDrops = (long)s.CleanDrops,
                BytesRead = (long)s.BytesRead, BytesWritten = (long)s.BytesWritten, ResidentPages = (long)s.ResidentPages,
                Events = (long)s.Events, EvictionsInWorkingSet = (long)s.EvictionsInWorkingSet,
            };
        }
    }

    /// <summary>A reader of this region's event log.</summary>
    public PagerEventLog OpenEventLog() => new(this);

    /// <summary>The frame holding page, or -1.</summary>
    public int FrameOf(long page) => WithRegion(id => NativeLib.PagerFrameOf(id, page));

    /// <summary>The page held by frame, or -1 if it is free.</summary>
    public long PageInFrame(int frame) => WithRegion(id => NativeLib.PagerPageIn(id, frame));

    /// <summary>OPT: the reference string that is about to be replayed (page numbers, in order).</summary>
    public void SetFutureTrace(ReadOnlySpan<long> pages)
    {
        _lifetime.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            fixed (long* p = pages)
            {
                int rc = NativeLib.PagerSetTrace(_id, p, pages.Length);
                if (rc != 0) throw new ArgumentException(rc == -(int)Errno.ERANGE
                    ? $"the trace references a page outside the region's {Pages} pages"
                    : $"cannot set the trace: {((Errno)(-rc)).Name()}");
            }
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    /// <summary>The region's virtual time, which <see cref="PagerPolicy.WsClock"/> measures ages in: the handler reads it at
    /// each fault (a page loaded, or found referenced by the hand, gets it as its time of last use). The program advances
    /// it; <see cref="PagerReplay"/> sets it to i + 1 just before making reference i (counting on from the value it found),
    /// as the model counts time. A plain store that the handler reads without the lock: set it from the thread that makes
    /// the references, between them. Starts at 0.</summary>
    public long VirtualTime
    {
        get { ThrowIfDisposed(); return Volatile.Read(ref *_virtualTime); }
        set { ThrowIfDisposed(); Volatile.Write(ref *_virtualTime, value); }
    }

    /// <summary>OPT: reference number position of the trace is the next one made.</summary>
    public void SetTracePosition(long position)
    {
        if (WithRegion(id => NativeLib.PagerSetPosition(id, position)) != 0)
            throw new ArgumentOutOfRangeException(null, $"no future trace set, or position {position} is outside it");
    }

    /// <summary>Unmaps the region, closes its frame pool and swap file, and removes the handler with the last region. Waits for
    /// native calls on the region in progress; later calls do nothing.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            NativeLib.PagerDestroy(_id);
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>Runs a native call that names this region, never concurrently with Dispose, never after it.</summary>
    internal T WithRegion<T>(Func<int, T> call)
    {
        _lifetime.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            return call(_id);
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private static byte[] Utf8(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
