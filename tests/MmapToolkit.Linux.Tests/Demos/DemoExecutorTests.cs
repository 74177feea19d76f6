using MmapToolkit.Demos;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// The executor contract on both sides at once: the model's failed call (a ModelSyscallException) and the real
/// kernel's (a SyscallException) become the same <c>error</c>, and both sides then report the failed map, not a crash,
/// at every later step on its region.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class DemoExecutorTests
{
    [Fact]
    public void AFailedMapIsTheSameErrnoOnBothSidesAndLaterStepsOnItSayWhy()
    {
        var scenario = ScenarioParser.Parse("""
            demo    failed-map
            topic   4 a map that fails
            agree   error
            process main
            file    prog 4 program
            fork    main runner
            exec    runner prog
            map     main m 2 file=prog shared rw
            fork    main child
            touch   main m 0 read
            touch   child m 1 read
            exit    child
            exit    runner
            """, "failed-map.scenario");

        var result = DemoSession.Run(scenario);

        Assert.Null(result.KernelSkipped);
        var map = result.Comparisons.Single(c => c.Line == 8 && c.Counter == "error");
        Assert.Equal("ETXTBSY", map.Model.Value);
        Assert.Equal("ETXTBSY", map.Kernel.Value);
        Assert.Equal(Verdict.Agree, map.Verdict);
        foreach (int line in new[] { 10, 11 })
        {
            var touch = result.Comparisons.Single(c => c.Line == line);
            Assert.Equal("error", touch.Counter);
            Assert.Equal("the map of 'm' on line 8 failed here (ETXTBSY)", touch.Model.Unavailable);
            Assert.Equal("the map of 'm' on line 8 failed here (ETXTBSY)", touch.Kernel.Unavailable);
        }
        Assert.True(result.Agree);
    }
}
