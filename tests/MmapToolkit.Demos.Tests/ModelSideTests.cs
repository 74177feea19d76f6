using System.Runtime.CompilerServices;
using System.Text;
using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// The model's side of every demo, alone: no system call, so it runs on any OS. Each run is compared with
/// ModelSnapshots/NAME.txt, the model's figures as they stood when the demo last agreed with the real kernel
/// (DemoKernelTests checks that on Linux). A change in the model that moves any figure fails here until the
/// snapshot is rewritten, on purpose, with MMAPTK_UPDATE_SNAPSHOTS=1 and the demos re-checked on Linux.
/// </summary>
public class ModelSideTests
{
    private const int PageSize = 4096;

    public static TheoryData<string> Demos() => [.. DemoCatalog.LoadAll().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Demos))]
    public void ModelSideMatchesItsSnapshot(string name)
    {
        var scenario = DemoCatalog.Find(name);
        using var model = new ModelScenarioKernel(scenario, PageSize, checkInvariants: true);
        var result = ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "model only");

        Assert.DoesNotContain(result.Comparisons, c => !c.Model.IsAvailable && c.Counter is not ("error" or "ref-faults"));
        string actual = Render(result);
        string path = SnapshotPath(name);
        if (Environment.GetEnvironmentVariable("MMAPTK_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"no snapshot {path}: run with MMAPTK_UPDATE_SNAPSHOTS=1 once, then check the demo on Linux");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string Render(DemoResult result)
    {
        var text = new StringBuilder();
        foreach (var c in result.Comparisons.Where(c => c.Counter != ScenarioRunner.InfoCounter))
            text.Append($"{c.Line,3} {c.Counter} = {c.Model}\n");
        return text.ToString();
    }

    private static string SnapshotPath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "ModelSnapshots", name + ".txt");
}
