namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>Where a trace parser puts each reference, in order: a <see cref="DenseTraceBuilder"/> for the simulator, a
/// writer when converting, a counter for statistics.</summary>
public abstract class TraceSink
{
    public abstract void Add(long page, bool write);
}
