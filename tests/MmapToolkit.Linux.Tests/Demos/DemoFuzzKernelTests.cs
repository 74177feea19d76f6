using MmapToolkit.Demos;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Demos.Tests.Fuzz;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>
/// The demo fuzz on both sides: mutants of every shipped demo (a smaller, fixed-seed set than the model-only fuzz)
/// run on the model and the real kernel. Each ends as a FILE:LINE format error or a finished run; nothing appears
/// where the hostile names point; no child process and no run directory is left behind.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public sealed class DemoFuzzKernelTests : IDisposable
{
    private const int Seed = 2024_09, MutantsPerDemo = 4;

    private readonly string _escape = Directory.CreateTempSubdirectory("mmaptk-fuzz-escape-").FullName;

    public void Dispose() => Directory.Delete(_escape, recursive: true);

    [Fact]
    public void EveryMutantEndsInAFormatErrorOrAFinishedRunOnBothSides()
    {
        var demos = Directory.GetFiles(DemoCatalog.Directory, "*.scenario").Order(StringComparer.Ordinal).ToList();
        var mutator = new ScenarioMutator(Seed, _escape, ScenarioMutator.StepLines(demos.Select(File.ReadAllText)));
        var children = DemoSideEffectTests.Children();
        var runDirectories = RunDirectories();
        var facts = DemoSession.FactsFor(modelOnly: false);
        var failures = new List<string>();
        int refused = 0, ran = 0;
        foreach (string path in demos)
        {
            string text = File.ReadAllText(path), name = Path.GetFileNameWithoutExtension(path);
            for (int k = 0; k < MutantsPerDemo; k++)
            {
                string source = $"{name}-mutant{k}.scenario", mutant = mutator.Mutate(text);
                try
                {
                    var result = DemoSession.Run(ScenarioParser.Parse(mutant, source, facts.Values), facts: facts);
                    Assert.Null(result.KernelSkipped);
                    ran++;
                }
                catch (ScenarioFormatException e) when (e.Message.StartsWith(source + ":", StringComparison.Ordinal))
                {
                    refused++;
                }
                catch (Exception e)
                {
                    failures.Add($"{source}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n---\n{mutant}\n---");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mutants ended badly:\n{string.Join("\n", failures.Take(5))}");
        Assert.Empty(Directory.GetFileSystemEntries(_escape));
        Assert.Equal(children, DemoSideEffectTests.Children());
        Assert.Equal(runDirectories, RunDirectories());
        Assert.InRange(refused, 5, int.MaxValue);
        Assert.InRange(ran, 5, int.MaxValue);
    }

    private static HashSet<string> RunDirectories() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), $"mmaptk-demo-{Environment.ProcessId}-*")];
}
