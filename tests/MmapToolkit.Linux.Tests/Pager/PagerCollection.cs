namespace MmapToolkit.Linux.Tests.Pager;

/// <summary>
/// Pager tests run alone (after the parallel collections): they install and remove the process's SIGSEGV handler and
/// check that no region, handler or file is left behind, which another test's live region would confuse.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PagerCollection
{
    public const string Name = "pager";
}
