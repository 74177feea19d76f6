using MmapToolkit.Demos.Kernels;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests.Fuzz;

/// <summary>
/// A fixed-seed fuzz of every shipped demo: each mutant must end in a controlled way, as a
/// <see cref="ScenarioFormatException"/> that names the file (and the line, for a step), or as a finished run of the
/// model. Any other exception is a bug; so is anything appearing where the mutants' hostile paths point.
/// </summary>
public sealed class ScenarioFuzzTests : IDisposable
{
    public const int Seed = 9_2024;
    private const int MutantsPerDemo = 15;

    private readonly string _escape = Directory.CreateTempSubdirectory("mmaptk-fuzz-escape-").FullName;

    public void Dispose() => Directory.Delete(_escape, recursive: true);

    /// <summary>Every shipped demo's text, by name, in a fixed order.</summary>
    public static IEnumerable<(string Name, string Text)> ShippedDemos() =>
        Directory.GetFiles(DemoCatalog.Directory, "*.scenario").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)));

    [Fact]
    public void EveryMutantEndsInAFormatErrorOrAFinishedRunOfTheModel()
    {
        var demos = ShippedDemos().ToList();
        var mutator = new ScenarioMutator(Seed, _escape, ScenarioMutator.StepLines(demos.Select(d => d.Text)));
        var failures = new List<string>();
        int refused = 0, ran = 0;
        foreach (var (name, text) in demos)
        {
            for (int k = 0; k < MutantsPerDemo; k++)
            {
                string path = $"{name}-mutant{k}.scenario", mutant = mutator.Mutate(text);
                switch (Outcome(path, mutant))
                {
                    case null: ran++; break;
                    case "": refused++; break;
                    case var failure: failures.Add($"{path}: {failure}\n---\n{mutant}\n---"); break;
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mutants ended badly:\n{string.Join("\n", failures.Take(5))}");
        Assert.Empty(Directory.GetFileSystemEntries(_escape));
        // The fuzz must exercise both ends: mutants the parser refuses, and mutants that run.
        Assert.InRange(refused, 50, int.MaxValue);
        Assert.InRange(ran, 50, int.MaxValue);
    }

    /// <summary>Null when the model ran it, "" when the parser refused it properly, otherwise what went wrong.</summary>
    private static string? Outcome(string path, string mutant)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioParser.Parse(mutant, path);
        }
        catch (ScenarioFormatException e)
        {
            return e.Message.StartsWith(path + ":", StringComparison.Ordinal) && !e.Message.Contains('\n')
                ? "" : $"a format error that does not start with FILE:LINE: {e.Message}";
        }
        catch (Exception e)
        {
            return $"the parser threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        try
        {
            using var model = new ModelScenarioKernel(scenario, pageSize: 4096, checkInvariants: true);
            ScenarioRunner.Run(scenario, model, kernel: null, kernelSkipped: "fuzz: model only");
            return null;
        }
        catch (Exception e)
        {
            return $"the model threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }
}
