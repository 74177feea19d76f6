namespace MmapToolkit.Model.Kernel;

/// <summary>One line of the optional event log: a fault with its cause and resolution, or an eviction.</summary>
public sealed record VmEvent(long Sequence, int Pid, string Kind, long Address, string Text)
{
    public override string ToString() => $"#{Sequence} pid {Pid}: {Text}";
}
