namespace MmapToolkit.Measurements;

/// <summary>Runs a measured operation once unmeasured (code, caches and the runtime warmed up), then the requested times.</summary>
internal static class Repetitions
{
    public static CostSample[] Run(int repetitions, Func<CostSample> once, Action? afterEach)
    {
        once();
        var samples = new CostSample[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            samples[i] = once();
            afterEach?.Invoke();
        }
        return samples;
    }

    public static CostSample From(Agents.TouchResult r) => new(r.ElapsedNanoseconds, r.MinorFaults, r.MajorFaults);
}
