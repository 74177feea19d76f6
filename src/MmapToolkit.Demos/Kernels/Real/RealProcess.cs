using Microsoft.Win32.SafeHandles;
using MmapToolkit.Agents;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>
/// A scenario process on the real side: the first one is this process (<see cref="Agent"/> is null); every other one
/// is a forked child driven through a native <see cref="ChildAgent"/>. After exec the agent runs a real program and
/// only its memory can be observed. Its regions are in the kernel side's region table.
/// </summary>
internal sealed class RealProcess(string name, ChildAgent? agent) : IDisposable
{
    public string Name { get; } = name;
    public ChildAgent? Agent { get; } = agent;
    public bool IsMain => Agent is null;
    public int Pid => Agent?.Pid ?? Environment.ProcessId;

    /// <summary>Files this process holds open for writing (every descriptor, if opened more than once): the main
    /// process's handles, or a child's descriptors.</summary>
    public Dictionary<string, List<SafeFileHandle>> OpenForWriting { get; } = [];
    public Dictionary<string, List<int>> ChildOpenForWriting { get; } = [];

    /// <summary>The program this process runs after a successful exec.</summary>
    public string? Executing { get; set; }

    public void Dispose()
    {
        foreach (var handle in OpenForWriting.Values.SelectMany(h => h)) handle.Dispose();
        Agent?.Dispose();
    }
}
