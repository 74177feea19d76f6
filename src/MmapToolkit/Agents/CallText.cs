using MmapToolkit.Mapping;

namespace MmapToolkit.Agents;

/// <summary>How a call made by an agent is spelled in error messages: the C call, its arguments, the agent.</summary>
internal static class CallText
{
    public static string Hex(nint address) => $"0x{address:x}";

    public static string Protection(Protection p) => ProtectionText.Format(p);

    /// <summary>The kernel's spelling: MADV_DONTNEED, MADV_POPULATE_READ.</summary>
    public static string Advice(Advice advice)
    {
        if (!Enum.IsDefined(advice)) return ((int)advice).ToString();
        string upper = advice.ToString().ToUpperInvariant();
        foreach (string suffix in (string[])["READ", "WRITE", "LOCKED"])
            if (upper.EndsWith(suffix, StringComparison.Ordinal) && upper.Length > suffix.Length)
                return "MADV_" + upper[..^suffix.Length] + "_" + suffix;
        return "MADV_" + upper;
    }

    public static string Sync(SyncFlags flags) =>
        string.Join('|', Enum.GetValues<SyncFlags>().Where(f => flags.HasFlag(f)).Select(f => "MS_" + f.ToString().ToUpperInvariant()));

    public static string Open(AgentOpenFlags flags)
    {
        var parts = new List<string>
        {
            (flags & (AgentOpenFlags.WriteOnly | AgentOpenFlags.ReadWrite)) switch
            {
                AgentOpenFlags.WriteOnly => "O_WRONLY",
                AgentOpenFlags.ReadWrite => "O_RDWR",
                AgentOpenFlags.ReadOnly => "O_RDONLY",
                _ => "O_WRONLY|O_RDWR",
            },
        };
        if (flags.HasFlag(AgentOpenFlags.Create)) parts.Add("O_CREAT");
        if (flags.HasFlag(AgentOpenFlags.Truncate)) parts.Add("O_TRUNC");
        if (flags.HasFlag(AgentOpenFlags.Append)) parts.Add("O_APPEND");
        return string.Join('|', parts);
    }
}
