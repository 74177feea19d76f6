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

    public static DemoResult Run(Scenario scenario, bool modelOnly = false)
    {
        string? skipped = RealKernelUnavailable(modelOnly);
        using var model = new ModelScenarioKernel(scenario);
        using var kernel = skipped is null ? new RealScenarioKernel(scenario) : null;
        return ScenarioRunner.Run(scenario, model, kernel, skipped);
    }
}
