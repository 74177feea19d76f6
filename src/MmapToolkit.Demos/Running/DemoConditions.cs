namespace MmapToolkit.Demos.Running;

/// <summary>What a demo ran under: the kernel facts it was judged by, and whether the model mapped the zero page on reads.</summary>
public sealed record DemoConditions(KernelFacts Facts, bool ModelZeroPage)
{
    /// <summary>One line for the terminal.</summary>
    public string Describe() =>
        $"kernel facts {Facts.Source}: zero page on read {(Facts.ZeroPageOnRead ? "yes" : "no")}, fault-around {Facts.FaultAroundPages} pages; " +
        $"the model {(ModelZeroPage ? "maps" : "does not map")} the zero page on reads" +
        (ModelZeroPage == Facts.ZeroPageOnRead ? "" : " (chosen with --zero-page)");
}
