using System.Diagnostics;
using System.Reflection;
using System.Text;
using MmapToolkit.Interop;
using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Interop;

/// <summary>
/// Every constant the bindings declare is checked against the C headers: the test writes a C program that prints
/// each name's value, compiles it with gcc against &lt;sys/mman.h&gt; and friends, and compares. A name the headers
/// do not know fails the compile; a wrong value fails the comparison.
/// </summary>
public class MmanConstantsTests
{
    private static readonly Type[] ConstantHolders = [typeof(MmanConstants), typeof(Libc)];

    [Fact]
    public void EveryDeclaredConstantMatchesTheSystemHeaders()
    {
        var declared = ConstantHolders
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType != typeof(string))
            .ToDictionary(f => f.Name, f => Convert.ToInt64(f.GetRawConstantValue()));
        Assert.Contains("MADV_POPULATE_WRITE", declared.Keys);

        var fromHeaders = CompileAndRun(declared.Keys);

        Assert.Equal(declared.Count, fromHeaders.Count);
        foreach (var (name, value) in declared)
            Assert.True(fromHeaders[name] == value, $"{name}: C# says {value}, the headers say {fromHeaders[name]}");
    }

    [Fact]
    public void AdviceEnumCoversEveryMadvValueTheIssueNames()
    {
        string[] required = ["NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED", "FREE", "REMOVE", "DONTFORK",
            "DOFORK", "HUGEPAGE", "NOHUGEPAGE", "COLD", "PAGEOUT", "POPULATE_READ", "POPULATE_WRITE"];
        var adviceValues = Enum.GetValues<Advice>().Select(a => (int)a).ToHashSet();
        foreach (var name in required)
        {
            int value = (int)typeof(MmanConstants).GetField("MADV_" + name)!.GetRawConstantValue()!;
            Assert.True(adviceValues.Contains(value), $"Advice has no member for MADV_{name}");
        }
    }

    [Fact]
    public void UserfaultfdFeatureNamesAreTheHeadersBits()
    {
        var names = MmapToolkit.Profile.UserfaultfdSupport.FeatureNames.Select(n => "UFFD_FEATURE_" + n).ToList();
        // The machine's headers may predate the newest bits (Debian 12's know up to WP_HUGETLBFS_SHMEM): check those it knows.
        var fromHeaders = CompileAndRun(names, onlyIfDefined: true);
        Assert.Contains("UFFD_FEATURE_SIGBUS", fromHeaders.Keys);
        for (int bit = 0; bit < names.Count; bit++)
            if (fromHeaders.TryGetValue(names[bit], out long value))
                Assert.True(value == 1L << bit, $"{names[bit]} is bit {bit} in FeatureNames, {value} in the headers");
    }

    [Fact]
    public void PageSizeComesFromTheSystem() =>
        Assert.Equal(Libc.Sysconf(Libc._SC_PAGESIZE), MemoryMapping.SystemPageSize);

    private static Dictionary<string, long> CompileAndRun(IEnumerable<string> names, bool onlyIfDefined = false)
    {
        using var dir = new TempDirectory();
        var source = new StringBuilder("""
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <sys/mman.h>
            #include <sys/resource.h>
            #include <sys/stat.h>
            #include <linux/mman.h>
            #include <linux/userfaultfd.h>
            int main(void) {

            """);
        foreach (var name in names)
        {
            if (onlyIfDefined) source.AppendLine($"#ifdef {name}");
            source.AppendLine($"    printf(\"%s %lld\\n\", \"{name}\", (long long)({name}));");
            if (onlyIfDefined) source.AppendLine("#endif");
        }
        source.AppendLine("    return 0;\n}");
        string c = dir.File("constants.c"), exe = dir.File("constants");
        File.WriteAllText(c, source.ToString());

        var (compileCode, compileOut) = Run("gcc", $"-o {exe} {c}");
        Assert.True(compileCode == 0, "the constants do not compile against the headers:\n" + compileOut);
        var (runCode, output) = Run(exe, "");
        Assert.Equal(0, runCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1]));
    }

    private static (int Code, string Output) Run(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new TimeoutException($"{file} did not finish"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
