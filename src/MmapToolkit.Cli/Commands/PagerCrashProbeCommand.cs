using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>Hidden <c>mmaptk pager crash-probe</c>: dies on purpose, for the tests that check how a process ends with
/// the pager's handler installed (an access outside any region; a fault the pager cannot resolve).</summary>
internal static class PagerCrashProbeCommand
{
    public static Command Create()
    {
        var withPager = new Option<bool>("--with-pager") { Description = "Have a pager region (and its handler) alive." };
        var from = new Option<string>("--from") { Description = "managed or native: where the bad access is made.", DefaultValueFactory = _ => "managed" };
        var swapFull = new Option<bool>("--swap-full") { Description = "Instead, fill a one-slot swap file so the pager cannot resolve a fault." };
        var unresolved = new Option<string?>("--unresolvable") { Description = "Instead, make a fault no pager may resolve: exec, store-readonly or ignored." };
        var nullStorm = new Option<int?>("--null-reference-storm") { Description = "Instead, N threads throw and catch NullReferenceExceptions while 2 threads fault pager pages (exit 0 if all survive)." };
        var backend = PagerBackendOption.Create();
        var command = new Command("crash-probe", "Crash on purpose (for tests).") { withPager, from, swapFull, unresolved, nullStorm, backend };
        command.Hidden = true;
        command.SetAction(parse =>
            CommandRunner.Validate(parse, () => PagerCrashProbeRequest.From(parse.GetValue(withPager), parse.GetValue(from)!, parse.GetValue(swapFull),
                                                                            parse.GetValue(unresolved), parse.GetValue(nullStorm),
                                                                            parse.GetValue(backend))) is { } request
                ? PagerCrashProbeRunner.Execute(request)   // not under CommandRunner's catch: the crash ends the process as it is
                : CommandRunner.UsageOrInputError);
        return command;
    }
}
