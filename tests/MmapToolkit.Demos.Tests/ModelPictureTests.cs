using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>The model's page tables and frames after each step (what <c>demo --html</c> draws), on cow-fork: the
/// parent's frames go from share count 1 to 2 to 3 over two forks, and a child's write copies exactly the pages written.</summary>
public class ModelPictureTests
{
    private static DemoResult CowFork()
    {
        var scenario = DemoCatalog.Find("cow-fork");
        using var model = new ModelScenarioKernel(scenario, 4096, checkInvariants: true);
        return ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");
    }

    private static ModelPicture After(DemoResult r, string step) => r.Events.Single(e => Words(e.Step) == step).ModelPicture!;

    /// <summary>A step's text with its columns' spaces squeezed to one.</summary>
    private static string Words(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static PteRow Entry(ModelPicture p, string process, int page) =>
        p.Regions.Single(t => t.Process == process && t.Region == "heap").Entries[page];

    [Fact]
    public void EveryStepHasAPicture()
    {
        var r = CowFork();
        Assert.All(r.Events, e => Assert.NotNull(e.ModelPicture));
        Assert.Empty(r.Events[0].ModelPicture!.Regions);                      // "process main": nothing mapped yet
        var mapped = r.Events[1].ModelPicture!.Regions.Single();
        Assert.Equal(("main", "heap", 16), (mapped.Process, mapped.Region, mapped.Pages));
        Assert.All(mapped.Entries, e => Assert.Equal("demand-zero", e.State)); // mapped, never touched
    }

    [Fact]
    public void ShareCountsGoOneTwoThreeOverTwoForks_AndTheFramesKnowTheirOwners()
    {
        var r = CowFork();
        var written = After(r, "touch main heap all write value=7");
        var first = After(r, "fork main child1");
        var second = After(r, "fork main child2");
        Assert.Equal([1, 2, 3], new[] { written, first, second }.Select(p => Entry(p, "main", 0).ShareCount));
        Assert.False(Entry(written, "main", 0).CopyOnWrite);
        Assert.True(Entry(written, "main", 0).Writable);
        Assert.True(Entry(second, "main", 0).CopyOnWrite);
        Assert.False(Entry(second, "main", 0).Writable);
        int frame = Entry(second, "main", 0).Frame;
        Assert.Equal(frame, Entry(second, "child2", 0).Frame);
        var row = second.Frames.Single(f => f.Frame == frame);
        Assert.Equal(3, row.ShareCount);
        Assert.Equal(["child1 heap[0]", "child2 heap[0]", "main heap[0]"], row.Owners.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AChildsWriteCopiesOnlyThePagesItWrites()
    {
        var r = CowFork();
        var before = r.Events.First(e => Words(e.Step) == "observe main heap 0").ModelPicture!;   // before any fork
        var after = After(r, "touch child1 heap 0..3 write value=9");
        for (int page = 0; page < 16; page++)
        {
            var child = Entry(after, "child1", page);
            var parent = Entry(after, "main", page);
            if (page < 4)
            {
                Assert.NotEqual(parent.Frame, child.Frame);
                Assert.Equal((1, false, true, true), (child.ShareCount, child.CopyOnWrite, child.Writable, child.Dirty));
                Assert.Equal(2, parent.ShareCount);                                   // main and child2 still share it
            }
            else
            {
                Assert.Equal(parent.Frame, child.Frame);
                Assert.Equal(3, child.ShareCount);
            }
        }
        Assert.Equal(16, before.Frames.Count);
        Assert.Equal(20, after.Frames.Count);
    }

    [Fact]
    public void ABigRegionIsDrawnOnlyInPart()
    {
        var scenario = ScenarioParser.Parse("""
            demo    big
            topic   1 a big region
            story   one region larger than the page draws
            agree   faults
            process main
            map     main big 200 anon private rw
            touch   main big 150 write
            """, "big.scenario");
        using var model = new ModelScenarioKernel(scenario, 4096, checkInvariants: true);
        var r = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");
        var table = r.Events[^1].ModelPicture!.Regions.Single();
        Assert.Equal(200, table.Pages);
        Assert.Equal(ModelPicture.MaxPagesShown, table.Entries.Count);
        Assert.Empty(r.Events[^1].ModelPicture!.Frames);   // page 150 is not drawn, nor its frame
    }
}
