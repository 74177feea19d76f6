namespace MmapToolkit.Measurements;

/// <summary>
/// How busy the machine was while figures were measured: the one-minute load average from /proc/loadavg against the
/// cores. On a shared machine other work inflates every time, so figures say what load they were measured under.
/// </summary>
public sealed record MachineLoad(double LoadAverage1, int Cores)
{
    /// <summary>The one-minute load average from /proc/loadavg now, and the cores this process can use (<see cref="Environment.ProcessorCount"/>).</summary>
    public static MachineLoad Now()
    {
        string text = File.ReadAllText("/proc/loadavg");
        double load = double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return new MachineLoad(load, Environment.ProcessorCount);
    }

    /// <summary>More runnable work than cores: other processes competed with the measurement.</summary>
    public bool Overloaded => LoadAverage1 > Cores;

    /// <summary>One line for the terminal, with a warning when <see cref="Overloaded"/>.</summary>
    public string Describe() =>
        $"load average {LoadAverage1:F2} on {Cores} cores" +
        (Overloaded ? " — warning: more work than cores, other processes competed with these figures; rerun on an idle machine" : "");
}
