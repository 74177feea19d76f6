using System.CommandLine;
using MmapToolkit.Pager;

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
        var command = new Command("crash-probe", "Crash on purpose (for tests).") { withPager, from, swapFull, unresolved, nullStorm };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            if (parse.GetValue(swapFull)) { PagerCrashProbe.SwapFull(); return 0; }
            if (parse.GetValue(nullStorm) is int throwers)
            {
                if (throwers < 1 || throwers > 64) { Console.Error.WriteLine("mmaptk: error: --null-reference-storm must be between 1 and 64"); return 2; }
                return PagerCrashProbe.NullReferenceStorm(throwers, faulters: 2, nullReferences: 20000);
            }
            switch (parse.GetValue(unresolved))
            {
                case null: break;
                case "exec": PagerCrashProbe.Unresolved(PagerCrashProbe.Unresolvable.ExecuteNonExecutable); return 0;
                case "store-readonly": PagerCrashProbe.Unresolved(PagerCrashProbe.Unresolvable.StoreReadOnly); return 0;
                case "ignored": PagerCrashProbe.Unresolved(PagerCrashProbe.Unresolvable.OutsideWhileIgnored); return 0;
                default: Console.Error.WriteLine("mmaptk: error: --unresolvable must be exec, store-readonly or ignored"); return 2;
            }
            string where = parse.GetValue(from)!;
            if (where is not ("managed" or "native")) { Console.Error.WriteLine("mmaptk: error: --from must be managed or native"); return 2; }
            PagerCrashProbe.OutsideAnyRegion(parse.GetValue(withPager), where == "native");
            return 0;
        });
        return command;
    }
}
