namespace MmapToolkit.Model.Kernel;

/// <summary>Why the page-fault handler was entered (or, for <see cref="None"/>, that it was not).</summary>
public enum FaultCause
{
    /// <summary>The page was present and the access allowed: no fault.</summary>
    None,
    /// <summary>Never touched: anonymous, bss, heap or stack memory, to be zero-filled.</summary>
    DemandZero,
    /// <summary>Not present, backed by a file at a known offset (text, data, a file mapping, or a dropped page).</summary>
    FileBacked,
    /// <summary>Not present, its contents in a swap slot.</summary>
    Swapped,
    /// <summary>Not present in a child of the broken lazy fork: to be copied from the parent's page as it is now.</summary>
    LazyCopy,
    /// <summary>A write to a present page shared copy-on-write.</summary>
    CopyOnWrite,
    /// <summary>A write to a page mapped to the shared zero page.</summary>
    ZeroPageWrite,
    /// <summary>No region contains the address (never mapped, or unmapped): SIGSEGV.</summary>
    NotMapped,
    /// <summary>The region's protection forbids the access: SIGSEGV.</summary>
    ProtectionViolation,
    /// <summary>The page lies wholly beyond the end of the mapped file: SIGBUS.</summary>
    BeyondEndOfFile,
}

/// <summary>How the fault was resolved.</summary>
public enum FaultResolution
{
    None,
    ZeroFilled,
    ZeroPageMapped,
    ReadFromFile,
    PageCacheHit,
    SwappedIn,
    SwapCacheHit,
    Copied,
    Reused,
    LazyCopied,
    SegmentationFault,
    BusError,
}

/// <summary>The outcome of one access to one page, with a sentence saying why.</summary>
public sealed record AccessResult(int Pid, long Address, AccessKind Access, FaultCause Cause, FaultResolution Resolution,
                                  bool Major, int Frame, string Explanation)
{
    // A hit (no fault) is the hot path: its sentence is only built if someone reads it.
    private string? _explanation = Explanation;

    /// <summary>Why the access went as it did. For a hit the sentence is built on first read.</summary>
    public string Explanation
    {
        get => _explanation ??= $"{KindText(Access)} at 0x{Address:x}: present in frame {Frame}, no fault";
        init => _explanation = value;
    }

    /// <summary>A hit: the page was present and the access allowed.</summary>
    internal static AccessResult Hit(int pid, long address, AccessKind access, int frame)
        => new(pid, address, access, FaultCause.None, FaultResolution.None, false, frame, null!);

    /// <summary>The access completed (possibly after a fault the kernel resolved).</summary>
    public bool Succeeded => Resolution is not (FaultResolution.SegmentationFault or FaultResolution.BusError);
    public bool IsFault => Cause != FaultCause.None;
    public bool IsSegmentationFault => Resolution == FaultResolution.SegmentationFault;

    public override string ToString() => Explanation;

    // Written by hand so a not-yet-built hit sentence compares equal to the same sentence already built.
    public bool Equals(AccessResult? other)
        => other is not null && Pid == other.Pid && Address == other.Address && Access == other.Access && Cause == other.Cause
           && Resolution == other.Resolution && Major == other.Major && Frame == other.Frame && Explanation == other.Explanation;

    public override int GetHashCode() => HashCode.Combine(Pid, Address, Access, Cause, Resolution, Major, Frame, Explanation);

    private static string KindText(AccessKind kind) => kind switch
    {
        AccessKind.Read => "read",
        AccessKind.Write => "write",
        AccessKind.Execute => "execute",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
