using System.Diagnostics;
using System.Reflection;
using System.Text;
using MmapToolkit.Interop;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Linux.Tests.Interop;

/// <summary>
/// The fault recorder's constants (PerfEventConstants) against &lt;linux/perf_event.h&gt; and friends, as
/// MmanConstantsTests does for &lt;sys/mman.h&gt;: a C program prints each name's value. The attr's flag bits are C
/// bitfields: the program sets each one in a zeroed struct and prints the word it lands in.
/// </summary>
public class PerfEventConstantsTests
{
    [Fact]
    public void EveryDeclaredConstantMatchesTheSystemHeaders()
    {
        var declared = typeof(PerfEventConstants).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => f.GetRawConstantValue() switch { ulong u => u, var o => unchecked((ulong)Convert.ToInt64(o)) });
        Assert.Contains("PERF_COUNT_SW_PAGE_FAULTS_MAJ", declared.Keys);
        Assert.Contains("FLAG_enable_on_exec", declared.Keys);

        var source = new StringBuilder("""
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <string.h>
            #include <poll.h>
            #include <time.h>
            #include <sys/syscall.h>
            #include <sys/wait.h>
            #include <linux/perf_event.h>
            static unsigned long long flag_word(struct perf_event_attr *a) { unsigned long long w; memcpy(&w, (char *)a + 40, 8); return w; }
            int main(void) {
                struct perf_event_attr a;

            """);
        foreach (var name in declared.Keys)
        {
            if (name.StartsWith("FLAG_", StringComparison.Ordinal))
                source.AppendLine($"    memset(&a, 0, sizeof a); a.{name[5..]} = 1; printf(\"%s %llu\\n\", \"{name}\", flag_word(&a));");
            else if (name.StartsWith("PERF_MMAP_", StringComparison.Ordinal))
                source.AppendLine($"    printf(\"%s %llu\\n\", \"{name}\", (unsigned long long)offsetof(struct perf_event_mmap_page, {name[10..].ToLowerInvariant()}));");
            else
                source.AppendLine($"    printf(\"%s %llu\\n\", \"{name}\", (unsigned long long)({name}));");
        }
        source.AppendLine("    return 0;\n}");

        using var dir = new TempDirectory();
        string c = dir.File("perf_constants.c"), exe = dir.File("perf_constants");
        File.WriteAllText(c, source.ToString());
        var (compileCode, compileOut) = Run("gcc", $"-o {exe} {c}");
        Assert.True(compileCode == 0, "the constants do not compile against the headers:\n" + compileOut);
        var (runCode, output) = Run(exe, "");
        Assert.Equal(0, runCode);
        var fromHeaders = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                                .ToDictionary(p => p[0], p => ulong.Parse(p[1]));

        Assert.Equal(declared.Count, fromHeaders.Count);
        foreach (var (name, value) in declared)
            Assert.True(fromHeaders[name] == value, $"{name}: C# says {value:x}, the headers say {fromHeaders[name]:x}");
    }

    private static (int Code, string Output) Run(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new TimeoutException($"{file} did not finish"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
