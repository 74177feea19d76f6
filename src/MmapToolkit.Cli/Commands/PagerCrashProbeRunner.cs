using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary>Which crash <c>mmaptk pager crash-probe</c> makes, checked: the first of --swap-full,
/// --null-reference-storm N, --unresolvable KIND given, else an access outside any region from --from.</summary>
internal sealed record PagerCrashProbeRequest(bool SwapFull, int? NullReferenceThrowers, PagerCrashProbe.Unresolvable? Unresolvable,
                                              bool WithPager, bool FromNative, PagerBackend? Backend)
{
    public const int MaxThrowers = 64;

    public static PagerCrashProbeRequest From(bool withPager, string from, bool swapFull, string? unresolvable, int? throwers, string? backend)
    {
        if (throwers is < 1 or > MaxThrowers) throw new ArgumentException($"--null-reference-storm must be between 1 and {MaxThrowers}");
        PagerCrashProbe.Unresolvable? kind = unresolvable switch
        {
            null => null,
            "exec" => PagerCrashProbe.Unresolvable.ExecuteNonExecutable,
            "store-readonly" => PagerCrashProbe.Unresolvable.StoreReadOnly,
            "ignored" => PagerCrashProbe.Unresolvable.OutsideWhileIgnored,
            _ => throw new ArgumentException("--unresolvable must be exec, store-readonly or ignored"),
        };
        if (from is not ("managed" or "native")) throw new ArgumentException("--from must be managed or native");
        return new PagerCrashProbeRequest(swapFull, throwers, kind, withPager, from == "native", PagerBackendOption.Parse(backend));
    }
}

/// <summary>What <c>mmaptk pager crash-probe</c> does: the crash (or, for the storm, exit 0 when every thread survived).</summary>
internal static class PagerCrashProbeRunner
{
    public static int Execute(PagerCrashProbeRequest request)
    {
        var backend = request.Backend;
        if (request.SwapFull) PagerCrashProbe.SwapFull(backend);
        else if (request.NullReferenceThrowers is int throwers) return PagerCrashProbe.NullReferenceStorm(throwers, faulters: 2, nullReferences: 20000, backend);
        else if (request.Unresolvable is { } kind) PagerCrashProbe.Unresolved(kind, backend);
        else PagerCrashProbe.OutsideAnyRegion(request.WithPager, request.FromNative, backend);
        return 0;
    }
}
