using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos;

/// <summary>The scenario files shipped in demos/ (copied next to the assemblies), in topic order.</summary>
public static class DemoCatalog
{
    /// <summary>Where the shipped scenarios are: next to this assembly.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "demos");

    /// <param name="facts">The kernel facts <c>@NAME</c> stands for; the model's defaults when null.</param>
    public static IReadOnlyList<Scenario> LoadAll(string? directory = null, KernelFacts? facts = null)
    {
        string dir = directory ?? Directory;
        if (!System.IO.Directory.Exists(dir))
            throw new DirectoryNotFoundException($"no demos folder at '{dir}': was the toolkit built with ./build.sh?");
        var scenarios = System.IO.Directory.GetFiles(dir, "*.scenario").Select(path => ScenarioParser.ParseFile(path, facts?.Values)).ToList();
        foreach (var s in scenarios)
        {
            if (Path.GetFileNameWithoutExtension(s.SourcePath) != s.Name)
                throw new ScenarioFormatException(s.SourcePath, 0, $"the demo is named '{s.Name}': a shipped scenario's file is named after its demo");
        }
        return scenarios.OrderBy(s => s.Topic).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A shipped demo by name, or a scenario file by path.</summary>
    public static Scenario Find(string nameOrPath, string? directory = null, KernelFacts? facts = null)
    {
        if (nameOrPath.EndsWith(".scenario", StringComparison.Ordinal) || nameOrPath.Contains('/'))
            return ScenarioParser.ParseFile(nameOrPath, facts?.Values);
        var all = LoadAll(directory, facts);
        return all.FirstOrDefault(s => s.Name == nameOrPath)
               ?? throw new ArgumentException($"no demo named '{nameOrPath}' (run 'mmaptk demo --list'; known: {string.Join(", ", all.Select(s => s.Name))})");
    }
}
