using Microsoft.Win32.SafeHandles;
using MmapToolkit.Agents;
using MmapToolkit.Files;
using MmapToolkit.Mapping;
using ModelKernel = MmapToolkit.Model.Kernel;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>How a forked child gets its parent's memory: the model does all three, the real kernel only copy-on-write.</summary>
public enum ForkStrategy { CopyOnWrite, Eager, LazyBroken }

/// <summary>
/// The one place where a scenario's words meet both kernels: protections, advice, fork strategies, and the file access
/// a step implies (open-write, map, remap). The model (MmapToolkit.Model) and the real library (MmapToolkit) each have
/// their own enum for these; the parser reads the words here and both kernels translate here, so a word cannot mean one
/// thing to one side and another to the other. Step records hold the real library's <see cref="Protection"/> and
/// <see cref="Advice"/> (a scenario speaks Linux) and the demos' <see cref="ForkStrategy"/> (Linux has one strategy).
/// </summary>
public static class Vocabulary
{
    // ---- Protection: PROT_READ, PROT_WRITE, PROT_EXEC on both sides, so the model's flags follow the real ones bit by bit.

    /// <summary>The protections a scenario may write, in the order its error message lists them.</summary>
    public static IReadOnlyDictionary<string, Protection> ProtectionWords { get; } = new Dictionary<string, Protection>
    {
        ["none"] = Protection.None, ["r"] = Protection.Read, ["rw"] = Protection.ReadWrite,
        ["rx"] = Protection.ReadExec, ["rwx"] = Protection.ReadWriteExec,
    };

    public static ModelKernel.Protection ToModel(Protection p) =>
        (p.HasFlag(Protection.Read) ? ModelKernel.Protection.Read : ModelKernel.Protection.None)
        | (p.HasFlag(Protection.Write) ? ModelKernel.Protection.Write : ModelKernel.Protection.None)
        | (p.HasFlag(Protection.Exec) ? ModelKernel.Protection.Exec : ModelKernel.Protection.None);

    // ---- Advice: every MADV_ a scenario may name; the model has five of them.

    private static readonly (string Word, Advice Real, ModelKernel.Advice? Model)[] AdviceTable =
    [
        ("normal", Advice.Normal, ModelKernel.Advice.Normal),
        ("random", Advice.Random, ModelKernel.Advice.Random),
        ("sequential", Advice.Sequential, ModelKernel.Advice.Sequential),
        ("willneed", Advice.WillNeed, ModelKernel.Advice.WillNeed),
        ("dontneed", Advice.DontNeed, ModelKernel.Advice.DontNeed),
        ("free", Advice.Free, null),
        ("cold", Advice.Cold, null),
        ("pageout", Advice.PageOut, null),
        ("populate-read", Advice.PopulateRead, null),
        ("populate-write", Advice.PopulateWrite, null),
        ("hugepage", Advice.HugePage, null),
        ("nohugepage", Advice.NoHugePage, null),
    ];

    /// <summary>The advice a scenario may write, in the order its error message lists them.</summary>
    public static IReadOnlyDictionary<string, Advice> AdviceWords { get; } = AdviceTable.ToDictionary(a => a.Word, a => a.Real);

    /// <summary>The model's advice, or null where the model does not model it (the step then reports why).</summary>
    public static ModelKernel.Advice? ToModel(Advice advice) => AdviceTable.FirstOrDefault(a => a.Real == advice).Model;

    // ---- Fork strategy: the model forks all three ways; the real kernel has copy-on-write only.

    private static readonly (string Word, ForkStrategy Strategy, ModelKernel.ForkStrategy Model)[] ForkTable =
    [
        ("cow", ForkStrategy.CopyOnWrite, ModelKernel.ForkStrategy.CopyOnWrite),
        ("eager", ForkStrategy.Eager, ModelKernel.ForkStrategy.EagerCopy),
        ("lazy-broken", ForkStrategy.LazyBroken, ModelKernel.ForkStrategy.LazyCopyWithoutWriteProtection),
    ];

    /// <summary>The fork strategies a scenario may write (<c>fork PARENT CHILD [WORD]</c>; none means copy-on-write).</summary>
    public static IReadOnlyDictionary<string, ForkStrategy> ForkWords { get; } = ForkTable.ToDictionary(f => f.Word, f => f.Strategy);

    public static ModelKernel.ForkStrategy ToModel(ForkStrategy strategy) => ForkTable.Single(f => f.Strategy == strategy).Model;

    /// <summary>Whether the real kernel forks this way (fork(2) is always copy-on-write; the real side says so as an event).</summary>
    public static bool RealKernelForks(ForkStrategy strategy) => strategy == ForkStrategy.CopyOnWrite;

    // ---- File access: no scenario word, each step implies one (System.IO's FileAccess names it).

    /// <summary>How <c>map ... file=F</c> opens F: read-write only for a shared writable mapping, whose stores reach the file.</summary>
    public static FileAccess MapAccess(bool shared, Protection protection) =>
        shared && protection.HasFlag(Protection.Write) ? FileAccess.ReadWrite : FileAccess.Read;

    /// <summary><c>open-write</c> opens write-only; <c>remap</c> maps its frame shared and read-write.</summary>
    public const FileAccess OpenWriteAccess = FileAccess.Write, RemapAccess = FileAccess.ReadWrite;

    public static ModelKernel.OpenFlags ToModel(FileAccess access) => access switch
    {
        FileAccess.Read => ModelKernel.OpenFlags.ReadOnly,
        FileAccess.Write => ModelKernel.OpenFlags.WriteOnly,
        _ => ModelKernel.OpenFlags.ReadWrite,
    };

    /// <summary>The flags a child's agent opens with.</summary>
    public static AgentOpenFlags ToAgent(FileAccess access) => access switch
    {
        FileAccess.Read => AgentOpenFlags.ReadOnly,
        FileAccess.Write => AgentOpenFlags.WriteOnly,
        _ => AgentOpenFlags.ReadWrite,
    };

    /// <summary>open(2) in this process (the first scenario process on the real side).</summary>
    public static SafeFileHandle OpenHere(string path, FileAccess access) => access switch
    {
        FileAccess.Read => PosixFile.OpenReadOnly(path),
        FileAccess.Write => PosixFile.OpenWriteOnly(path),
        _ => PosixFile.OpenReadWrite(path),
    };
}
