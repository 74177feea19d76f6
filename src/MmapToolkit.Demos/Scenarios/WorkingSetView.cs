namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// A scenario's <c>working-set DELTA WINDOW</c> header: every replay is also shown window by window, each window of
/// <see cref="Window"/> references with the working-set size W(t, Δ) at its end (the distinct pages of the last
/// <see cref="Delta"/> references, Denning's definition, as the model's working-set policy uses it) beside the faults
/// each side took in it.
/// </summary>
/// <param name="Delta">Δ, the working-set window, in references.</param>
/// <param name="Window">The references per row of the view (the last row may be shorter).</param>
public sealed record WorkingSetView(int Delta, int Window)
{
    /// <summary>Rows one replay may have: the per-window faults are also compared as one counter, kept readable.</summary>
    public const int MaxWindows = 32;

    /// <summary>How many windows a replay of <paramref name="references"/> references falls into.</summary>
    public int WindowsOf(int references) => (references + Window - 1) / Window;
}
