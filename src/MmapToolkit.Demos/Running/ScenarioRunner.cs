using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Running;

/// <summary>
/// Runs a scenario on the model and (when given) the real kernel, step by step, and judges every counter:
/// equal values agree; a difference is explained by a <c>differs</c> line under that very step, or by an
/// <c>explain</c> line for a counter not listed under <c>agree</c>; anything else is an unexplained difference. A reason
/// explains only where the kernel fact it rests on holds (<see cref="KernelFacts.WhyReasonDoesNotHold"/>), and for
/// <c>fault-pages</c> only a difference of the shape it produces (<see cref="FaultPages.WhyReasonDoesNotFit"/>).
/// </summary>
public static class ScenarioRunner
{
    public const string InfoCounter = "seconds";

    /// <param name="kernel">The real side, or null to run the model alone (with <paramref name="kernelSkipped"/> saying why).</param>
    /// <param name="conditions">The kernel facts reasons are checked against (the model's defaults when null) and the model's choices.</param>
    public static DemoResult Run(Scenario scenario, IScenarioKernel model, IScenarioKernel? kernel, string? kernelSkipped = null,
                                 DemoConditions? conditions = null)
    {
        var facts = conditions?.Facts ?? KernelFacts.ModelDefault;
        var comparisons = new List<CounterComparison>();
        var events = new List<StepEvents>();
        foreach (var step in scenario.Steps)
        {
            var onModel = model.Execute(step);
            var onKernel = kernel?.Execute(step);
            events.Add(new StepEvents(step.Line, step.Text, onModel.Events, onKernel?.Events ?? [], PrePaging.Of(step),
                                      onModel.FaultLog, onKernel?.FaultLog, onModel.Picture,
                                      WorkingSetOf(scenario, step, onModel, onKernel, kernelSkipped)));
            foreach (string counter in CountersOf(onModel, onKernel))
            {
                var m = onModel.Get(counter) ?? CounterValue.NotAvailable("the model does not report this");
                var k = onKernel is null
                    ? CounterValue.NotAvailable(kernelSkipped ?? "the real kernel was not run")
                    : onKernel.Get(counter) ?? CounterValue.NotAvailable("the real kernel side does not report this");
                var (verdict, reason) = Judge(scenario, step.Line, counter, m, k, facts);
                comparisons.Add(new CounterComparison(step.Line, step.Text, counter, m, k, verdict, reason));
            }
        }
        return new DemoResult(scenario, comparisons, events, kernel is null ? kernelSkipped ?? "not run" : null, conditions);
    }

    internal static (Verdict, string?) Judge(Scenario scenario, int line, string counter, CounterValue model, CounterValue kernel,
                                             KernelFacts facts)
    {
        if (counter == InfoCounter) return (Verdict.Info, null);
        if (!model.IsAvailable || !kernel.IsAvailable)
            return (Verdict.NotCompared, model.Unavailable ?? kernel.Unavailable);
        if (model.Value == kernel.Value) return (Verdict.Agree, null);
        var (why, stepLevel) = scenario.ExplanationFor(line, counter);
        if (scenario.MustAgree.Contains(counter) && !stepLevel)
            return (Verdict.DifferUnexplained, $"'{counter}' must agree in this demo");
        if (why is not null && facts.WhyReasonDoesNotHold(why.ReasonKey) is { } doesNotHold)
            return (Verdict.DifferUnexplained, $"the scenario's reason {doesNotHold}");
        if (why is not null && counter == StepObservation.FaultPagesCounter
            && FaultPages.WhyReasonDoesNotFit(why.ReasonKey, model.Value!, kernel.Value!) is { } doesNotFit)
            return (Verdict.DifferUnexplained, $"the scenario's reason does not fit: {doesNotFit}");
        if (why is not null)
            return (Verdict.DifferExplained, $"{why.ReasonKey}: {why.Text}");
        return (Verdict.DifferUnexplained, "no explanation in the scenario");
    }

    // The replay's working-set view, when the scenario asks for it and the model could split the replay into windows.
    private static WorkingSetWindows? WorkingSetOf(Scenario scenario, Step step, StepObservation model, StepObservation? kernel,
                                                   string? kernelSkipped)
    {
        if (scenario.WorkingSet is not { } view || step is not ReplayStep replay || model.WindowFaults is not { } modelFaults) return null;
        string? kernelMissing = kernel is null ? kernelSkipped ?? "the real kernel was not run"
            : kernel.WindowFaults is null ? kernel.Get(StepObservation.WindowFaultsCounter)?.Unavailable ?? "the real side did not count them"
            : null;
        return WorkingSetWindows.Of(replay, view, modelFaults, kernel?.WindowFaults, kernelMissing);
    }

    private static IEnumerable<string> CountersOf(StepObservation model, StepObservation? kernel)
    {
        var seen = new HashSet<string>();
        foreach (var kv in model.Counters) if (seen.Add(kv.Key)) yield return kv.Key;
        if (kernel is null) yield break;
        foreach (var kv in kernel.Counters) if (seen.Add(kv.Key)) yield return kv.Key;
    }
}
