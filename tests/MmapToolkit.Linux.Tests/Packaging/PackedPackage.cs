using System.Diagnostics;
using System.Reflection;
using MmapToolkit.Mapping;

namespace MmapToolkit.Linux.Tests.Packaging;

/// <summary>
/// The MmapToolkit package, packed once per test run from the library these tests were built against
/// (<c>dotnet pack --no-build</c>, same configuration) into a temporary folder that serves as a local NuGet feed.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mmaptk-pack-test-").FullName;

    public PackedPackage()
    {
        string project = Path.Combine(RepositoryRoot, "src", "MmapToolkit", "MmapToolkit.csproj");
        string configuration = typeof(PackedPackage).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        Directory.CreateDirectory(Feed);
        var pack = DotNet.Run(RepositoryRoot, null, "pack", project, "--no-build", "-c", configuration, "-o", Feed, "-nologo");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed ({pack.ExitCode}):\n{pack.Output}");
        Assert.True(File.Exists(Nupkg), $"dotnet pack made no {Nupkg}:\n{pack.Output}");
    }

    /// <summary>The version every project gets from Directory.Build.props, as the library under test carries it.</summary>
    public static string Version { get; } =
        typeof(MemoryMapping).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>The folder holding the .nupkg: the consumer's package source.</summary>
    public string Feed => Path.Combine(_root, "feed");

    public string Nupkg => Path.Combine(Feed, $"MmapToolkit.{Version}.nupkg");

    /// <summary>A scratch folder inside this fixture's temporary directory (outside the repository, so nothing of the
    /// source checkout, such as native/build/textprog, can be found from there).</summary>
    public string Scratch(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MmapToolkit.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no MmapToolkit.sln above {AppContext.BaseDirectory}: the packaging tests need the source checkout");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>Runs the dotnet CLI as a child process, in an environment cleaned of the outer build's settings.</summary>
internal static class DotNet
{
    public sealed record Result(int ExitCode, string Output);

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        // `dotnet test` leaves MSBuild's own variables in the environment; a nested build must find its SDK itself.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment.Remove("MMAPTK_TEXTPROG");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No build servers or reusable nodes: nothing outlives the command (or holds its output pipe open).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish within {Timeout.TotalMinutes} min:\n{stdout.Result}\n{stderr.Result}");
        }
        return new Result(p.ExitCode, stdout.Result + stderr.Result);
    }
}
