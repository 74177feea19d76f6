namespace MmapToolkit.Demos.Running;

/// <summary>One counter after one step, both sides, and the verdict with its reason.</summary>
public sealed record CounterComparison(
    int Line,
    string Step,
    string Counter,
    CounterValue Model,
    CounterValue Kernel,
    Verdict Verdict,
    string? Reason);
