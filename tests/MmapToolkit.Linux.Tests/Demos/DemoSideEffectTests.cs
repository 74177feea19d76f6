using MmapToolkit.Demos;
using MmapToolkit.Mapping;
using MmapToolkit.Linux.Tests.Observers;

namespace MmapToolkit.Linux.Tests.Demos;

/// <summary>A demo run leaves nothing behind: no child process, no mapping, no temporary file.</summary>
[Collection(KernelCountersCollection.Name)]
public class DemoSideEffectTests
{
    [Fact]
    public void RunningTheForkingDemosLeavesNoChildMappingOrFile()
    {
        string[] demos = ["cow-fork", "etxtbsy", "shared-text", "mprotect-guard", "remapping", "swapping"];
        // A first run loads and compiles what every later run reuses (code, the agents' forking thread): not a leak.
        foreach (string name in demos) DemoSession.Run(DemoCatalog.Find(name, facts: KernelFacts.Probed()));

        var childrenBefore = Children();
        var agentsBefore = Agents();
        // Mappings other tests dropped without Dispose are unmapped by finalizers: let those run before counting.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long mappingsBefore = MappingHandle.LiveCount;
        var namedBefore = NamedMappings();
        var tempBefore = Directory.GetDirectories(Path.GetTempPath(), $"mmaptk-demo-{Environment.ProcessId}-*").ToHashSet();

        foreach (string name in demos) DemoSession.Run(DemoCatalog.Find(name, facts: KernelFacts.Probed()));

        Assert.Equal(childrenBefore, Children());
        // A leaked grandchild agent is reparented away from us, to init.
        Assert.Empty(Agents().Except(agentsBefore));
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), $"mmaptk-demo-{Environment.ProcessId}-*"), d => !tempBefore.Contains(d));
        // Every range the library mapped was unmapped (munmap succeeded). Counting /proc/self/maps lines instead fails
        // at random: the runtime loads assemblies and reserves GC regions while the demos run.
        Assert.Equal(mappingsBefore, MappingHandle.LiveCount);
        // What the kernel still maps that the demos could have made: memory files (a pager's frame pool, the demos'
        // memfds), files in the temporary directory, deleted files (a swap file is unlinked at creation).
        var namedAfter = NamedMappings();
        Assert.True(namedAfter.SetEquals(namedBefore),
            $"mappings left behind:\n{string.Join("\n", namedAfter.Except(namedBefore))}");
    }

    [Fact]
    public void TheLiveMappingCountFollowsMapAndUnmap()
    {
        long before = MappingHandle.LiveCount;
        var mapping = new MappingOptions().Length(2L * Environment.SystemPageSize).MapAnonymous();
        Assert.Equal(before + 1, MappingHandle.LiveCount);
        mapping.Dispose();
        Assert.Equal(before, MappingHandle.LiveCount);
    }

    /// <summary>Pids of the processes named mmaptk-agent (the native child agents name themselves so) that are ours or
    /// orphans: a leaked grandchild is reparented to init, while the agents of other test processes running at the same
    /// time (dotnet test runs the test projects side by side) still have their own parents.</summary>
    private static HashSet<int> Agents()
    {
        int self = Environment.ProcessId;
        var agents = new HashSet<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "mmaptk-agent") continue;
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (parent == self || parent == 1) agents.Add(pid);
            }
            catch (IOException) { }
        }
        return agents;
    }

    /// <summary>Pids of this process's living children (from /proc/*/stat, field 4 = ppid).</summary>
    internal static HashSet<int> Children()
    {
        int self = Environment.ProcessId;
        var children = new HashSet<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == self) children.Add(pid);
            }
            catch (IOException) { }
        }
        return children;
    }

    /// <summary>Mapped memory files (the JIT's memfd:doublemapper views left out), files under the temporary directory,
    /// and deleted files, by path and range.</summary>
    private static HashSet<string> NamedMappings()
    {
        string temp = Path.GetTempPath();
        return File.ReadAllLines("/proc/self/maps")
            .Where(line => line.Contains("/memfd:", StringComparison.Ordinal) || line.Contains(temp, StringComparison.Ordinal)
                           || line.EndsWith("(deleted)", StringComparison.Ordinal))
            .Where(line => !line.Contains("/memfd:doublemapper", StringComparison.Ordinal))
            .ToHashSet();
    }
}
