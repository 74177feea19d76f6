using static MmapToolkit.Interop.MmanConstants;

namespace MmapToolkit.Mapping;

/// <summary>What a mapped page allows (PROT_*).</summary>
[Flags]
public enum Protection
{
    /// <summary>PROT_NONE: every access faults.</summary>
    None = PROT_NONE,
    /// <summary>PROT_READ: loads allowed.</summary>
    Read = PROT_READ,
    /// <summary>PROT_WRITE: stores allowed (on x86_64 this implies reads too).</summary>
    Write = PROT_WRITE,
    /// <summary>PROT_EXEC: instruction fetches allowed.</summary>
    Exec = PROT_EXEC,
    /// <summary>PROT_READ | PROT_WRITE.</summary>
    ReadWrite = Read | Write,
    /// <summary>PROT_READ | PROT_EXEC: the usual protection of program text.</summary>
    ReadExec = Read | Exec,
    /// <summary>PROT_READ | PROT_WRITE | PROT_EXEC.</summary>
    ReadWriteExec = Read | Write | Exec,
}
