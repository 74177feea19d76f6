namespace MmapToolkit.Demos.Kernels;

/// <summary>A named region as one model process sees it: where it starts, how many pages, and the file it maps (or null).</summary>
internal sealed record ModelRegion(long Address, int Pages, string? File);
