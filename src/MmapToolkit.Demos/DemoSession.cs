using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos;

/// <summary>Runs one scenario on a fresh model and, on Linux unless told otherwise, a fresh real-kernel side.</summary>
public static class DemoSession
{
    /// <summary>Why the real kernel is not run here, or null when it can be.</summary>
    public static string? RealKernelUnavailable(bool modelOnly) =>
        modelOnly ? "--model-only was given"
        : !OperatingSystem.IsLinux() ? "the real-kernel side needs Linux"
        : null;

    /// <summary>The facts a run is judged by: probed on this kernel when the real side runs, else the model's defaults.</summary>
    public static KernelFacts FactsFor(bool modelOnly) =>
        RealKernelUnavailable(modelOnly) is null ? KernelFacts.Probed() : KernelFacts.ModelDefault;

    /// <param name="facts">The kernel facts (default: <see cref="FactsFor"/>). Parse the scenario with the same facts
    /// (<c>DemoCatalog.Find(name, facts: facts)</c>), or its <c>@NAME</c> values are the model's defaults.</param>
    /// <param name="modelZeroPage">Whether the model maps the zero page on reads; by default it follows <paramref name="facts"/>.</param>
    public static DemoResult Run(Scenario scenario, bool modelOnly = false, KernelFacts? facts = null, bool? modelZeroPage = null)
    {
        string? skipped = RealKernelUnavailable(modelOnly);
        facts ??= FactsFor(modelOnly);
        var conditions = new DemoConditions(facts, modelZeroPage ?? facts.ZeroPageOnRead);
        using var model = new ModelScenarioKernel(scenario, useZeroPage: conditions.ModelZeroPage);
        using var kernel = skipped is null ? new RealScenarioKernel(scenario) : null;
        return ScenarioRunner.Run(scenario, model, kernel, skipped, conditions);
    }
}
