namespace MmapToolkit.Model.Replacement;

/// <summary>
/// The variable-allocation policies for thrashing: the resident set follows the program instead of filling a fixed
/// number of frames. ws (<see cref="WorkingSetPolicy"/>, parameter τ), pff (<see cref="PffPolicy"/>, parameter T =
/// <see cref="PolicyOptions.Window"/>) and wsclock (<see cref="WsClockPolicy"/>, τ and a pool of frames).
/// </summary>
public static class VariableAllocation
{
    /// <summary>The names <see cref="Run"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ws", "pff", "wsclock"];

    /// <summary>Whether <paramref name="name"/> (already normalized) is one of <see cref="Names"/>.</summary>
    public static bool IsVariable(string name) => name is "ws" or "pff" or "wsclock";

    /// <param name="name">ws, pff or wsclock.</param>
    /// <param name="trace">The reference string.</param>
    /// <param name="frames">WSClock's frame pool (ignored by ws and pff).</param>
    /// <param name="options">τ (<see cref="PolicyOptions.Tau"/>) and T (<see cref="PolicyOptions.Window"/>).</param>
    public static VariableAllocationResult Run(string name, DenseTrace trace, int frames, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return name switch
        {
            "ws" => WorkingSetPolicy.Run(trace, options.Tau),
            "pff" => PffPolicy.Run(trace, options.Window),
            "wsclock" => WsClockPolicy.Run(trace, frames, options.Tau),
            _ => throw new ArgumentException($"{name} is not a variable-allocation policy ({string.Join(", ", Names)})"),
        };
    }
}
