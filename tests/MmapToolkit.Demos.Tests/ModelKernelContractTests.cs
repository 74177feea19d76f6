using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// The executor contract (ScenarioKernel) on the model's side, which runs anywhere: a failed call is the step's errno,
/// a map that failed is reported by every later step on its region instead of running, and the model's invariants are
/// checked after every step. The same scenario on both sides is in MmapToolkit.Linux.Tests/Demos/DemoExecutorTests.
/// </summary>
public class ModelKernelContractTests
{
    // The parent maps the running program shared and writable: the open for writing fails with ETXTBSY (line 8).
    public const string FailedMap = """
        demo    failed-map
        topic   4 a map that fails
        process main
        file    prog 4 program
        fork    main runner
        exec    runner prog
        file    data 2
        map     main m 2 file=prog shared rw
        fork    main child
        touch   main m 0 read
        touch   child m 1 read
        observe main m
        exit    child
        exit    runner
        """;

    private static Scenario Parse(string text) => ScenarioParser.Parse(text, "contract.scenario");

    [Fact]
    public void AFailedCallIsTheStepsErrnoAndLaterStepsOnItsRegionSayWhyTheyDidNotRun()
    {
        var scenario = Parse(FailedMap);
        using var model = new ModelScenarioKernel(scenario, pageSize: 4096, checkInvariants: true);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");

        CounterValue Error(int line) => result.Comparisons.Single(c => c.Line == line && c.Counter == "error").Model;
        Assert.Equal("ETXTBSY", Error(8).Value);
        foreach (int line in new[] { 10, 11, 12 })   // the parent's touch, the child's (fork copies the failure), observe
        {
            Assert.False(Error(line).IsAvailable);
            Assert.Equal("the map of 'm' on line 8 failed here (ETXTBSY)", Error(line).Unavailable);
            Assert.Single(result.Comparisons, c => c.Line == line);   // nothing else was measured
        }
        Assert.Equal("none", Error(13).Value);
        Assert.Equal("none", Error(14).Value);
    }

    [Fact]
    public void TheModelChecksItsInvariantsAfterEveryStepWhateverTheStepEndedWith()
    {
        // Steps that make no model call (file, replay), one that fails (map), ones that do not run (touch).
        var scenario = Parse(FailedMap + "\nreplay fifo 2 1 2 3 1\n");
        var checkedAfter = new List<int>();
        using var model = new ModelScenarioKernel(scenario, pageSize: 4096, checkInvariants: true)
        {
            InvariantCheck = machine =>
            {
                machine.CheckInvariants();
                checkedAfter.Add(checkedAfter.Count);
            },
        };

        foreach (var step in scenario.Steps) model.Execute(step);

        Assert.Equal(scenario.Steps.Count, checkedAfter.Count);
    }

    [Fact]
    public void WithoutTheCheckNoInvariantIsChecked()
    {
        var scenario = Parse(FailedMap);
        int checks = 0;
        using var model = new ModelScenarioKernel(scenario, pageSize: 4096, checkInvariants: false) { InvariantCheck = _ => checks++ };

        foreach (var step in scenario.Steps) model.Execute(step);

        Assert.Equal(0, checks);
    }
}
