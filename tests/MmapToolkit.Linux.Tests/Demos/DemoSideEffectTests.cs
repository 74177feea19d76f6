using MmapToolkit.Demos;
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
        var mapsBefore = Mappings();
        var tempBefore = Directory.GetDirectories(Path.GetTempPath(), $"mmaptk-demo-{Environment.ProcessId}-*").ToHashSet();

        foreach (string name in demos) DemoSession.Run(DemoCatalog.Find(name, facts: KernelFacts.Probed()));

        Assert.Equal(childrenBefore, Children());
        // A leaked grandchild agent is reparented away from us: look for agents anywhere on the machine.
        Assert.Empty(Agents().Except(agentsBefore));
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), $"mmaptk-demo-{Environment.ProcessId}-*"), d => !tempBefore.Contains(d));
        // The runtime maps and unmaps on its own (GC regions move; the JIT's code pages are memfd:doublemapper views,
        // left out); a leak of the demos' regions would be dozens of lines.
        var mapsAfter = Mappings();
        Assert.True(mapsAfter.Length <= mapsBefore.Length + 8,
            $"{mapsAfter.Length - mapsBefore.Length} more mappings; new lines:\n{string.Join("\n", mapsAfter.Except(mapsBefore))}");
    }

    /// <summary>Pids of every process named mmaptk-agent (the native child agents name themselves so).</summary>
    private static HashSet<int> Agents()
    {
        var agents = new HashSet<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "mmaptk-agent") agents.Add(pid);
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

    private static string[] Mappings() =>
        File.ReadAllLines("/proc/self/maps").Where(line => !line.Contains("/memfd:doublemapper", StringComparison.Ordinal)).ToArray();
}
