namespace MmapToolkit.Model.Replacement;

/// <summary>
/// A policy that also reads the hardware's modified (dirty) bit, as NRU does. After the <see cref="IReplacementPolicy.OnHit"/>
/// or <see cref="IReplacementPolicy.OnLoad"/> of a store, the trace simulator calls <see cref="OnWrite"/> for the same
/// frame; the bit stays set until the page leaves (<see cref="IReplacementPolicy.OnRemove"/>).
/// </summary>
public interface IObservesWrites
{
    /// <summary>The page in <paramref name="frame"/> was written.</summary>
    void OnWrite(int frame);
}
