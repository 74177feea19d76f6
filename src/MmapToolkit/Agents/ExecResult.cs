using MmapToolkit.Interop;

namespace MmapToolkit.Agents;

/// <summary>
/// The outcome of <see cref="ChildAgent.TryExec"/>: either the process now runs <see cref="Path"/>
/// (<see cref="Error"/> is null), or execve failed with <see cref="Error"/> (ETXTBSY, ENOENT, EACCES, ...) and
/// the agent still serves commands.
/// </summary>
public sealed record ExecResult(string Path, IReadOnlyList<string> Arguments, Errno? Error)
{
    /// <summary>True when execve succeeded (<see cref="Error"/> is null).</summary>
    public bool Succeeded => Error is null;

    /// <summary>"execve("PATH") succeeded" or "execve("PATH") failed: ERRNO".</summary>
    public override string ToString() =>
        Succeeded ? $"execve(\"{Path}\") succeeded" : $"execve(\"{Path}\") failed: {Error!.Value.Name()}";
}
