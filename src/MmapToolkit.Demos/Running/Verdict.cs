namespace MmapToolkit.Demos.Running;

public enum Verdict
{
    /// <summary>Both sides saw the same value.</summary>
    Agree,
    /// <summary>They differ for a reason the scenario names (readahead, the zero page, ...).</summary>
    DifferExplained,
    /// <summary>They differ and nothing explains it, or the counter is one that must agree: the demo fails.</summary>
    DifferUnexplained,
    /// <summary>One side could not observe it (no root, not modelled): not compared.</summary>
    NotCompared,
    /// <summary>Shown for information, never compared (times).</summary>
    Info,
}
