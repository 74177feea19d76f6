using System.CommandLine;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk faults [--json|--csv] [--trace-out FILE] -- PROGRAM ARGS…</c> or <c>--pid N --seconds S</c>: records every
/// page fault of a program (or a running process) one by one and prints a summary by mapping and by kind, the first
/// faults as a timeline, and the kernel's getrusage totals for the same run.
/// </summary>
internal static class FaultsCommand
{
    public static Command Create()
    {
        var program = new Argument<string[]>("program") { Description = "The program and its arguments, after --: mmaptk faults -- ls -l /", Arity = ArgumentArity.ZeroOrMore };
        var pid = new Option<int?>("--pid") { Description = "Record a running process (all its threads, and the threads and children it creates) instead of starting a program." };
        var seconds = new Option<double?>("--seconds") { Description = "With --pid: how long to record, in seconds (at most 3600)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: totals, lost, and every fault under 'faults'." };
        var csv = new Option<bool>("--csv") { Description = "Print every fault as CSV, one line each." };
        var traceOut = new Option<string?>("--trace-out") { Description = "Also write the faulting pages, in order, as a page trace 'mmaptk sim --trace-file' reads (a fault trace, not a reference trace)." };
        var first = new Option<int>("--timeline") { Description = "How many of the first faults the text output lists (0 to 100000).", DefaultValueFactory = _ => 20 };
        var causes = new Option<bool>("--causes") { Description = "Refuse to run unless each fault's cause and access can be recorded (the tracepoint: root, tracefs mounted)." };
        var bufferPages = new Option<int>("--buffer-pages") { Description = "Ring buffer pages per CPU (a power of two); raise it if records are lost.", DefaultValueFactory = _ => FaultRecorderOptions.DefaultBufferPages };
        var command = new Command("faults", "Record every page fault of a program or a process, one by one (perf_event_open): which pages, in what order, why.")
        {
            program, pid, seconds, json, csv, traceOut, first, causes, bufferPages,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () =>
            {
                var request = new FaultsRequest(
                    parse.GetValue(program) ?? [], parse.GetValue(pid), parse.GetValue(seconds), parse.GetValue(json), parse.GetValue(csv),
                    parse.GetValue(traceOut), parse.GetValue(first), parse.GetValue(bufferPages), parse.GetValue(causes));
                request.Validate();
                return request;
            },
            (request, output) => FaultsRunner.Execute(request, output.Out, parse.InvocationConfiguration.Error, output.Width)));
        return command;
    }
}
