namespace MmapToolkit.Demos.Scenarios;

/// <summary>A scenario file that cannot run. The message is <c>FILE:LINE: problem</c>.</summary>
public sealed class ScenarioFormatException(string file, int line, string problem)
    : FormatException(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
{
    public string File { get; } = file;
    public int LineNumber { get; } = line;
    public string Problem { get; } = problem;
}
