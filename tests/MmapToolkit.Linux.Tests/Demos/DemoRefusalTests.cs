using MmapToolkit.Demos;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>An access that would kill the process running the demo is refused before the demo runs, never made.</summary>
[Collection(KernelCountersCollection.Name)]
public class DemoRefusalTests
{
    [Fact]
    public void AProtectionSetBeforeForkStillGuardsTheFirstProcess()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("""
            demo    guard
            topic   12 guard page survives fork
            process main
            map     main r 2 anon private rw
            protect main r 0 none
            fork    main child
            touch   main r 0 write
            """, "guard.scenario"));

        Assert.StartsWith("guard.scenario:7: page 0 of 'r' is protected none in 'main'", e.Message);
    }

    [Fact]
    public void TheChildInheritsTheProtectionAndReportsTheFault()
    {
        var scenario = ScenarioParser.Parse("""
            demo    guard
            topic   12 guard page in the child
            agree   error
            process main
            map     main r 2 anon private rw
            protect main r 0 none
            fork    main child
            touch   child r 0 write
            exit    child
            """, "guard.scenario");

        var result = DemoSession.Run(scenario);

        Assert.True(result.Agree);
        var error = result.Comparisons.Single(c => c.Step.StartsWith("touch", StringComparison.Ordinal) && c.Counter == "error");
        Assert.Equal("SIGSEGV", error.Kernel.Value);
        Assert.Equal("SIGSEGV", error.Model.Value);
    }
}
