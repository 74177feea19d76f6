using static MmapToolkit.Interop.MmanConstants;

namespace MmapToolkit.Mapping;

/// <summary>What a mapped page allows (PROT_*).</summary>
[Flags]
public enum Protection
{
    None = PROT_NONE,
    Read = PROT_READ,
    Write = PROT_WRITE,
    Exec = PROT_EXEC,
    ReadWrite = Read | Write,
    ReadExec = Read | Exec,
    ReadWriteExec = Read | Write | Exec,
}

internal static class ProtectionText
{
    /// <summary>"READ|WRITE", "NONE": the form error messages use.</summary>
    public static string Format(Protection p)
    {
        if (p == Protection.None) return "NONE";
        var parts = new List<string>(3);
        if (p.HasFlag(Protection.Read)) parts.Add("READ");
        if (p.HasFlag(Protection.Write)) parts.Add("WRITE");
        if (p.HasFlag(Protection.Exec)) parts.Add("EXEC");
        return string.Join('|', parts);
    }
}
