using MmapToolkit.Mapping;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>A named region as one real process sees it. After fork, the child's copy has the same address.</summary>
internal sealed record RealRegion(string Name, nint Address, int Pages, string? File, bool Shared, Protection Protection)
{
    /// <summary>The mapping itself when this process made it (the first process); null in a child, which maps through its agent.</summary>
    public MemoryMapping? Mapping { get; set; }

    /// <summary>Set when the region was unmapped in this process; the address may be reused by then.</summary>
    public bool Unmapped { get; set; }

    /// <summary>Pages whose protection was lowered below the region's (read-only or none) in this process.</summary>
    public Dictionary<int, Protection> ProtectionOverrides { get; init; } = [];

    public nint PageAddress(int page, int pageSize) => Address + (nint)((long)page * pageSize);

    /// <summary>The child's view after fork: the same address and protections (fork copies them), its own record of
    /// later changes, and no mapping object (the parent's belongs to the parent).</summary>
    public RealRegion CopyForChild() => this with { ProtectionOverrides = new(ProtectionOverrides), Mapping = null };

    public bool MayAccess(int page, bool write)
    {
        if (Unmapped) return false;
        var p = ProtectionOverrides.TryGetValue(page, out var o) ? o : Protection;
        return write ? p.HasFlag(Protection.Write) : p.HasFlag(Protection.Read) || p.HasFlag(Protection.Exec);
    }
}
