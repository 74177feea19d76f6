using System.IO.Compression;
using MmapToolkit.Agents;

namespace MmapToolkit.Linux.Tests.Packaging;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackageCollection
{
    // A restore and a build in a child process keep both cores busy: run alone, not under other tests' feet.
    public const string Name = "package";
}

/// <summary>
/// The package people install: what it holds, and a console app that references it by version from a local folder
/// (a nuget.config naming that folder, next to the machine's own sources) and runs its native code.
/// </summary>
[Collection(PackageCollection.Name)]
public class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    [Fact]
    public void ThePackageCarriesTheNativeCode_TheXmlDocs_TheReadmeAndTheLicence()
    {
        using var zip = ZipFile.OpenRead(package.Nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (string expected in new[]
                 {
                     "lib/net10.0/MmapToolkit.dll", "lib/net10.0/MmapToolkit.xml", "README.md", "LICENSE",
                     "runtimes/linux-x64/native/libmmaptk.so", "runtimes/linux-x64/native/textprog",
                 })
            Assert.True(entries.Contains(expected), $"{expected} is not in {package.Nupkg}: {string.Join(", ", entries.Order())}");

        string nuspec = new StreamReader(zip.GetEntry("MmapToolkit.nuspec")!.Open()).ReadToEnd();
        Assert.Contains($"<version>{PackedPackage.Version}</version>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);

        // The docs are the compiler's, for the public API: a documented type is in them.
        string xml = new StreamReader(zip.GetEntry("lib/net10.0/MmapToolkit.xml")!.Open()).ReadToEnd();
        Assert.Contains("T:MmapToolkit.Mapping.MemoryMapping", xml);
        Assert.Contains("T:MmapToolkit.Pager.UserPager", xml);
    }

    [Fact]
    public void TheReadmeNamesThePackageVersionThatIsPacked()
    {
        string readme = File.ReadAllText(Path.Combine(PackedPackage.RepositoryRoot, "README.md"));
        Assert.Contains($"artifacts/packages/MmapToolkit.{PackedPackage.Version}.nupkg", readme);
        Assert.Contains($"<PackageReference Include=\"MmapToolkit\" Version=\"{PackedPackage.Version}\" />", readme);
        Assert.Contains($"~/.nuget/packages/mmaptoolkit/{PackedPackage.Version}", readme);
    }

    [Fact]
    public void AConsoleAppReferencingThePackageMapsMemory_CountsFaults_RunsThePagerAndFindsTextprog()
    {
        string app = package.Scratch("consumer");
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), ConsumerProject(PackedPackage.Version));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);
        File.WriteAllText(Path.Combine(app, "nuget.config"), NugetConfig(package.Feed));
        // Stop MSBuild's upward search for these files at the app's own (empty) ones.
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        // A global packages folder of its own: the one package comes from the feed just packed, never from a cache
        // that holds an older build of the same version.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = package.Scratch("nuget-packages") };

        var run = DotNet.Run(app, environment, "run", "-c", "Release", "-nologo");

        Assert.True(run.ExitCode == 0, $"dotnet run of the consumer failed ({run.ExitCode}):\n{run.Output}");
        var said = run.Output.Split('\n').Where(l => l.StartsWith("consumer: ", StringComparison.Ordinal))
            .Select(l => l["consumer: ".Length..].Trim())
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        string Said(string key) => said.TryGetValue(key, out var v) ? v : throw new Xunit.Sdk.XunitException($"the consumer did not print {key}:\n{run.Output}");

        // Writing k fresh anonymous NoHugePage pages takes exactly k minor faults on every kernel (docs/design.md rule 3).
        Assert.Equal("8", Said("anonymous-pages-written"));
        Assert.Equal("8", Said("minor-faults"));
        // The pager (libmmaptk.so from runtimes/linux-x64/native/): FIFO over 2 frames, pages 0..7 written once,
        // then page 0 read back: 8 zero-fills, every victim dirty (6 while writing, page 6 for the read), one swap-in.
        Assert.Equal("8", Said("pager-zero-fills"));
        Assert.Equal("7", Said("pager-swap-outs"));
        Assert.Equal("1", Said("pager-swap-ins"));
        Assert.Equal("1", Said("pager-page-0-first-byte"));
        // textprog, found where the package put it (not in the source checkout) and run for its layout.
        Assert.StartsWith(app, Said("textprog"));
        Assert.EndsWith(Path.Combine("runtimes", "linux-x64", "native", "textprog"), Said("textprog"));
        Assert.Equal(TextProgram.Layout.Pages.ToString(), Said("textprog-pages"));
    }

    private static string ConsumerProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="MmapToolkit" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    // The local folder as the only source: the package has no dependencies, so nothing else is asked for, offline
    // too, and no package of the same name on a public feed can be picked instead.
    private static string NugetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="mmaptoolkit-local" value="{feed}" />
          </packageSources>
        </configuration>
        """;

    private const string ConsumerProgram = """
        using System.Runtime.CompilerServices;
        using MmapToolkit.Agents;
        using MmapToolkit.Mapping;
        using MmapToolkit.Observers;
        using MmapToolkit.Pager;

        const int Pages = 8;
        int pageSize = MemoryMapping.SystemPageSize;

        // Minor faults of this thread while it writes fresh pages: the fewest of three runs, since a runtime signal
        // landing in the window can only add faults. A first, unmeasured run compiles everything the window uses.
        long fewest = long.MaxValue;
        for (int run = 0; run < 4; run++)
        {
            using var mapping = new MappingOptions().Length(Pages * pageSize).MapAnonymous();
            mapping.Advise(Advice.NoHugePage);
            var memory = mapping.Span;
            var before = FaultCounters.Thread();
            Touch.Write(memory, pageSize, Pages);
            long faults = (FaultCounters.Thread() - before).Minor;
            if (run > 0) fewest = Math.Min(fewest, faults);
        }
        Console.WriteLine($"consumer: anonymous-pages-written={Pages}");
        Console.WriteLine($"consumer: minor-faults={fewest}");

        using (var pager = new UserPager(new PagerOptions { Pages = Pages, Frames = 2, Policy = PagerPolicy.Fifo }))
        {
            for (int p = 0; p < Pages; p++) pager.Page(p).Fill((byte)(p + 1));
            byte first = pager.Page(0)[0];
            var s = pager.Statistics;
            Console.WriteLine($"consumer: pager-zero-fills={s.ZeroFills}");
            Console.WriteLine($"consumer: pager-swap-outs={s.SwapOuts}");
            Console.WriteLine($"consumer: pager-swap-ins={s.SwapIns}");
            Console.WriteLine($"consumer: pager-page-0-first-byte={first}");
        }

        Console.WriteLine($"consumer: textprog={TextProgram.Path}");
        Console.WriteLine($"consumer: textprog-pages={TextProgram.Layout.Pages}");

        static class Touch
        {
            [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
            public static void Write(Span<byte> memory, int pageSize, int pages)
            {
                for (int i = 0; i < pages; i++) memory[i * pageSize] = 1;
            }
        }
        """;
}
