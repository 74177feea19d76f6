using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>The verdict rules, with two scripted sides standing in for the model and the kernel.</summary>
public class ScenarioRunnerTests
{
    private sealed class ScriptedSide(string side, Func<Step, StepObservation> script) : IScenarioKernel
    {
        public string Side => side;
        public StepObservation Execute(Step step) => script(step);
        public void Dispose() { }
    }

    private static Scenario Scenario(string headers) =>
        ScenarioParser.Parse($"demo t\ntopic 1 t\n{headers}\nprocess main\nmap main r 4 anon private rw\n", "t.scenario");

    private static DemoResult Run(string headers, Action<StepObservation> model, Action<StepObservation> kernel) =>
        ScenarioRunner.Run(Scenario(headers),
            new ScriptedSide("model", step => { var o = new StepObservation(); if (step is MapStep) model(o); return o; }),
            new ScriptedSide("kernel", step => { var o = new StepObservation(); if (step is MapStep) kernel(o); return o; }));

    [Fact]
    public void EqualValuesAgree()
    {
        var r = Run("", o => o.Set("faults", 3), o => o.Set("faults", 3));
        Assert.True(r.Agree);
        Assert.Equal(Verdict.Agree, r.Comparisons.Single().Verdict);
    }

    [Fact]
    public void ADifferenceWithoutExplanationFailsTheDemo()
    {
        var r = Run("", o => o.Set("resident", 3), o => o.Set("resident", 35));
        Assert.False(r.Agree);
        Assert.Equal(Verdict.DifferUnexplained, r.Comparisons.Single().Verdict);
    }

    [Fact]
    public void AnExplainedDifferenceCarriesItsReason()
    {
        var r = Run("explain resident readahead the kernel reads ahead", o => o.Set("resident", 3), o => o.Set("resident", 35));
        Assert.True(r.Agree);
        var c = r.Comparisons.Single();
        Assert.Equal(Verdict.DifferExplained, c.Verdict);
        Assert.Equal("readahead: the kernel reads ahead", c.Reason);
    }

    [Fact]
    public void AnExplanationNeverExcusesACounterThatMustAgree()
    {
        var r = Run("agree faults\nexplain faults readahead excuse", o => o.Set("faults", 1), o => o.Set("faults", 2));
        Assert.False(r.Agree);
        Assert.Contains("must agree", r.Comparisons.Single().Reason);
    }

    [Fact]
    public void ACounterOneSideCannotSeeIsNotCompared()
    {
        var r = Run("agree shared", o => o.Set("shared", 4), o => o.Set("shared", CounterValue.NotAvailable("needs root")));
        Assert.True(r.Agree);
        Assert.Equal(Verdict.NotCompared, r.Comparisons.Single().Verdict);
        Assert.Equal("needs root", r.Comparisons.Single().Reason);
    }

    [Fact]
    public void TimesAreShownNeverCompared()
    {
        var r = Run("", o => o.Set("seconds", CounterValue.Of(0.5)), o => o.Set("seconds", CounterValue.Of(2.0)));
        Assert.True(r.Agree);
        Assert.Equal(Verdict.Info, r.Comparisons.Single().Verdict);
    }

    [Fact]
    public void WithoutTheKernelEverythingIsNotComparedWithTheReason()
    {
        var r = ScenarioRunner.Run(Scenario(""),
            new ScriptedSide("model", _ => new StepObservation().Set("faults", 1)), kernel: null, kernelSkipped: "no Linux");
        Assert.All(r.Comparisons, c => Assert.Equal(Verdict.NotCompared, c.Verdict));
        Assert.Equal("no Linux", r.KernelSkipped);
    }
}
