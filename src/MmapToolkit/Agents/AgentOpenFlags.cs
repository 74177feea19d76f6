namespace MmapToolkit.Agents;

/// <summary>open(2) flags for <see cref="ChildAgent.OpenFile"/> (the kernel's values; O_CLOEXEC is always added).</summary>
[Flags]
public enum AgentOpenFlags
{
    ReadOnly = 0x0,
    WriteOnly = 0x1,
    ReadWrite = 0x2,
    Create = 0x40,
    Truncate = 0x200,
    Append = 0x400,
}
