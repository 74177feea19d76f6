using MmapToolkit.Mapping;

namespace MmapToolkit.Processes;

/// <summary>A page-aligned range of this process's address space that a forked child's workload refers to.</summary>
public readonly record struct MemoryRegion
{
    /// <summary>The first address (page-aligned).</summary>
    public nint Address { get; }
    /// <summary>Length in bytes.</summary>
    public long Length { get; }

    /// <summary>A region; the address must be page-aligned and the length positive.</summary>
    public MemoryRegion(nint address, long length)
    {
        int pageSize = Environment.SystemPageSize;
        if (address == 0 || address % pageSize != 0)
            throw new ArgumentException($"region address 0x{address:x} is not page-aligned (page size {pageSize})", nameof(address));
        if (length <= 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "a region's length must be positive");
        Address = address;
        Length = length;
    }

    /// <summary>The range a mapping covers.</summary>
    public static implicit operator MemoryRegion(MemoryMapping mapping) => new(mapping.Address, mapping.Length);

    /// <summary>Pages in the region (a partial last page counts).</summary>
    public int PageCount => checked((int)((Length + Environment.SystemPageSize - 1) / Environment.SystemPageSize));

    /// <summary>Address of page <paramref name="page"/>; throws for a page outside the region.</summary>
    public nint PageAddress(int page)
    {
        if (page < 0 || page >= PageCount)
            throw new ArgumentOutOfRangeException(nameof(page), page, $"page {page} is outside the region of {PageCount} pages at 0x{Address:x}");
        return Address + (nint)page * Environment.SystemPageSize;
    }

    /// <summary>"0xADDRESS+LENGTH".</summary>
    public override string ToString() => $"0x{Address:x}+{Length}";
}
