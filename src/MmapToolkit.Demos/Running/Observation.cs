using System.Globalization;

namespace MmapToolkit.Demos.Running;

/// <summary>One counter as one side saw it: a value, or why it could not be seen.</summary>
public readonly record struct CounterValue(string? Value, string? Unavailable)
{
    public static CounterValue Of(long n) => new(n.ToString(CultureInfo.InvariantCulture), null);
    public static CounterValue Of(string text) => new(text, null);
    public static CounterValue Of(double seconds) => new(seconds.ToString("0.000000", CultureInfo.InvariantCulture), null);
    public static CounterValue NotAvailable(string reason) => new(null, reason);

    public bool IsAvailable => Value is not null;

    public override string ToString() => Value ?? "n/a";
}

/// <summary>What one side observed after one step, counter by counter, in the order recorded.</summary>
public sealed class StepObservation
{
    private readonly List<KeyValuePair<string, CounterValue>> _counters = [];

    public IReadOnlyList<KeyValuePair<string, CounterValue>> Counters => _counters;

    /// <summary>Notes for the reader (e.g. what the model's fault handler did), shown with --steps.</summary>
    public List<string> Events { get; } = [];

    /// <summary>The model's page tables and frames after the step (<see cref="ModelPicture"/>); null on the kernel's side.</summary>
    public ModelPicture? Picture { get; set; }

    /// <summary>The step's faults on the region it acts on (touch, toupper, pre-paging), one by one; null for other steps.
    /// Set with <see cref="SetFaultLog"/>, which also sets the <c>fault-pages</c> counter from it.</summary>
    public StepFaultLog? FaultLog { get; private set; }

    public StepObservation SetFaultLog(StepFaultLog log)
    {
        FaultLog = log;
        return Set(FaultPagesCounter, log.Counter);
    }

    /// <summary>A replay's faults in each window of the scenario's <c>working-set</c> view; null for other steps, for
    /// scenarios without the view, and where this side could not split them. Set with <see cref="SetWindowFaults"/>,
    /// which also sets the <c>window-faults</c> counter from it.</summary>
    public IReadOnlyList<long>? WindowFaults { get; private set; }

    public StepObservation SetWindowFaults(IReadOnlyList<long> faults)
    {
        WindowFaults = faults;
        return Set(WindowFaultsCounter, Running.ReplayWindows.Format(faults));
    }

    /// <summary>The counter <see cref="SetWindowFaults"/> sets: a replay's faults per window, "8 0 0 20".</summary>
    public const string WindowFaultsCounter = "window-faults";

    /// <summary>The counter <see cref="SetFaultLog"/> sets: the region's pages that faulted, as ranges.</summary>
    public const string FaultPagesCounter = "fault-pages";

    public StepObservation Set(string counter, CounterValue value)
    {
        int i = _counters.FindIndex(kv => kv.Key == counter);
        if (i >= 0) _counters[i] = new(counter, value);
        else _counters.Add(new(counter, value));
        return this;
    }

    public StepObservation Set(string counter, long value) => Set(counter, CounterValue.Of(value));

    public StepObservation Set(string counter, string value) => Set(counter, CounterValue.Of(value));

    public CounterValue? Get(string counter)
    {
        foreach (var kv in _counters) if (kv.Key == counter) return kv.Value;
        return null;
    }
}
