namespace MmapToolkit.Demos.Scenarios;

/// <summary>A parsed demo: what it shows (topic, story), what must agree, which differences are explained, and its steps;
/// with a <c>working-set</c> header, the window-by-window view of its replays (<see cref="WorkingSetView"/>).</summary>
public sealed record Scenario(
    string Name,
    string SourcePath,
    int Topic,
    string TopicTitle,
    IReadOnlyList<string> Story,
    IReadOnlySet<string> MustAgree,
    IReadOnlyDictionary<string, Explanation> Explanations,
    IReadOnlyList<Step> Steps,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, Explanation>> StepExplanations,
    WorkingSetView? WorkingSet = null)
{
    /// <summary>Why <paramref name="counter"/> may differ at the step on <paramref name="line"/>: that step's own
    /// <c>differs</c> line first (it may excuse even a counter under <c>agree</c>), then the scenario-wide <c>explain</c>.</summary>
    public (Explanation? Explanation, bool StepLevel) ExplanationFor(int line, string counter)
    {
        if (StepExplanations.TryGetValue(line, out var forStep) && forStep.TryGetValue(counter, out var local)) return (local, true);
        return (Explanations.GetValueOrDefault(counter), false);
    }
}

/// <summary>A known reason why the real kernel's <see cref="Counter"/> may differ from the model's.</summary>
public sealed record Explanation(string Counter, string ReasonKey, string Text);
