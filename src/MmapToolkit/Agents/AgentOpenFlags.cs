namespace MmapToolkit.Agents;

/// <summary>open(2) flags for <see cref="ChildAgent.OpenFile"/> (the kernel's values; O_CLOEXEC is always added).</summary>
[Flags]
public enum AgentOpenFlags
{
    /// <summary>O_RDONLY: open for reading only.</summary>
    ReadOnly = 0x0,
    /// <summary>O_WRONLY: open for writing only.</summary>
    WriteOnly = 0x1,
    /// <summary>O_RDWR: open for reading and writing.</summary>
    ReadWrite = 0x2,
    /// <summary>O_CREAT: create the file if it does not exist (mode 0600).</summary>
    Create = 0x40,
    /// <summary>O_TRUNC: cut an existing file to length 0.</summary>
    Truncate = 0x200,
    /// <summary>O_APPEND: every write goes to the end of the file.</summary>
    Append = 0x400,
}
