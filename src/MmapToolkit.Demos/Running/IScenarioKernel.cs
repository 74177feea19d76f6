using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Running;

/// <summary>
/// One of the two sides a scenario runs on. <see cref="Execute"/> carries out a step and reports the counters
/// this side can observe (docs/scenarios.md). A step this side cannot carry out reports why as
/// <see cref="CounterValue.NotAvailable"/> rather than throwing; an exception means the demo itself is broken.
/// Disposing releases everything the run created: mappings, child processes, files.
/// </summary>
public interface IScenarioKernel : IDisposable
{
    /// <summary>"model" or "kernel".</summary>
    string Side { get; }

    StepObservation Execute(Step step);
}
