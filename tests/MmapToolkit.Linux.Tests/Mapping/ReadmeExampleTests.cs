using MmapToolkit.Mapping;

namespace MmapToolkit.Linux.Tests.Mapping;

/// <summary>The library example in README.md, kept compiling and true here.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExampleRuns()
    {
        // --- README example begins
        using var heap = new MappingOptions()
            .Length(64 * MemoryMapping.SystemPageSize)   // 64 pages of private anonymous memory
            .MapAnonymous();
        heap.Advise(Advice.NoHugePage);                  // one fault per 4 KiB page, so counts are exact

        heap.Page(3)[0] = 42;                            // demand-zero: only page 3 gets a frame
        bool[] resident = heap.Residency();              // mincore: [false, false, false, true, false, ...]

        heap.Pages(3, 1).Advise(Advice.DontNeed);        // drop it: it reads back as zero
        heap.Pages(0, 8).Protect(Protection.Read);       // a store to pages 0..7 would now fault
        // --- README example ends

        Assert.Equal(1, resident.Count(r => r));
        Assert.True(resident[3]);
        Assert.Equal(0, heap.Page(3)[0]);
    }
}
