namespace MmapToolkit.Pager;

/// <summary>What a <see cref="UserPager"/> region is made of.</summary>
public sealed record PagerOptions
{
    /// <summary>Virtual pages in the region: address space only; an untouched page costs no memory (2^32 pages are
    /// 16 TiB of address space at 4 KiB, and fine).</summary>
    public required long Pages { get; init; }

    /// <summary>Frames of "physical memory": at most this many pages are resident (SIGSEGV backend: one memfd of Frames
    /// pages; userfaultfd backend: a count the pager enforces). At most <see cref="Pages"/>.</summary>
    public required int Frames { get; init; }

    /// <summary>How a victim is chosen when every frame is in use; default <see cref="PagerPolicy.Clock"/>.</summary>
    public PagerPolicy Policy { get; init; } = PagerPolicy.Clock;

    /// <summary>If set, pages start file-backed and private: read from this file on first touch (and again after a clean
    /// drop), never written back to it. Pages past the end of the file are demand-zero.</summary>
    public string? BackingFile { get; init; }

    /// <summary>Offset of page 0 in <see cref="BackingFile"/>; a multiple of the page size.</summary>
    public long BackingFileOffset { get; init; }

    /// <summary>False makes the region read-only: a store to it is delivered as the SIGSEGV it is.</summary>
    public bool Writable { get; init; } = true;

    /// <summary>Swap file to create (a real file, unlinked at once and kept open). Default: a new name in
    /// <see cref="Path.GetTempPath"/>.</summary>
    public string? SwapFile { get; init; }

    /// <summary>Capacity of the swap file in pages; 0 = one slot per page (never full). A full swap file ends the process
    /// with a message naming the page.</summary>
    public long SwapSlots { get; init; }

    /// <summary>How the region takes its faults; null (the default) lets <see cref="PagerBackends.Choose(PagerBackend?, bool)"/>
    /// pick: userfaultfd where the kernel profile finds it usable, else SIGSEGV. <see cref="UserPager.BackendChoice"/>
    /// says which was used and why.</summary>
    public PagerBackend? Backend { get; init; }

    /// <summary>Seed of <see cref="PagerPolicy.Random"/>.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary><see cref="PagerPolicy.WsClock"/>'s working-set window τ, in units of <see cref="UserPager.VirtualTime"/>
    /// (references, in a replay); at least 1. Default 1000, as <c>mmaptk sim --tau</c>. Other policies ignore it.</summary>
    public long Tau { get; init; } = DefaultTau;

    /// <summary>The default of <see cref="Tau"/>: 1000 references, as the model's (<c>mmaptk sim --tau</c>).</summary>
    public const long DefaultTau = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a page or frame count no region can have (or a
    /// WSClock window below 1), each value named as
    /// <paramref name="name"/> spells the property's name (default: as it is; the command line passes its option names).
    /// (Frames are populated memory at creation, hence the cap.) <see cref="UserPager"/>'s constructor calls it.</summary>
    public void Validate(Func<string, string>? name = null)
    {
        name ??= n => n;
        if (Pages <= 0) throw new ArgumentOutOfRangeException(nameof(Pages), $"{name(nameof(Pages))} must be at least 1 (got {Pages})");
        if (Frames <= 0 || Frames > UserPager.MaxFrames)
            throw new ArgumentOutOfRangeException(nameof(Frames), $"{name(nameof(Frames))} must be between 1 and {UserPager.MaxFrames} (got {Frames})");
        if (Policy == PagerPolicy.WsClock && Tau < 1)
            throw new ArgumentOutOfRangeException(nameof(Tau), $"{name(nameof(Tau))} must be a positive number of references (got {Tau})");
    }
}
