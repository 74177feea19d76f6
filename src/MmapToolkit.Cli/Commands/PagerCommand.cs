using System.CommandLine;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk pager</c>: replays a page reference string on a real pager region (each reference a real load or store)
/// and prints the real faults next to the model's prediction for the same trace. Subcommands: stress, cost.
/// </summary>
internal static class PagerCommand
{
    public static Command Create()
    {
        var policy = new Option<string>("--policy") { Description = "Replacement policy: fifo, clock, lru, random, opt or wsclock.", DefaultValueFactory = _ => "fifo" };
        var frames = new Option<int>("--frames") { Description = $"Frames of physical memory (1 to {UserPager.MaxFrames}).", Required = true };
        var trace = new Option<string?>("--trace") { Description = "Reference string, e.g. \"0 1 2 3 0 1w 4\" ('w' marks a store)." };
        var traceFile = new Option<string?>("--trace-file") { Description = "Trace file in any --format, as for sim ('-' reads standard input; .gz and .zst are decompressed)." };
        var format = new Option<string>("--format") { Description = "Trace format: auto (from the magic number, name and content), plain, addresses, lackey, csv, oracleGeneral, binary.", DefaultValueFactory = _ => "auto" };
        var pageSize = new Option<long?>("--page-size") { Description = "Bytes per page for addresses and lackey traces (a power of two; default this machine's page size)." };
        var csvColumn = new Option<int?>("--csv-column") { Description = "The csv column (1-based) holding the page id." };
        var pages = new Option<long?>("--pages") { Description = "Virtual pages in the region (default: highest page in the trace + 1)." };
        var tau = new Option<long?>("--tau") { Description = "wsclock: the working-set window τ in references (default 1000, as sim's)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random policy (the model uses the same).", DefaultValueFactory = _ => 1UL };
        var events = new Option<bool>("--events") { Description = "Also print every fault from the pager's event log." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, then a row per counter (pager, model)." };
        var chart = new Option<string?>("--chart") { Description = $"Also draw the fault timeline to FILE.svg or FILE.png: each fault's page, coloured by kind (the event log's last {PagerEventLog.Capacity} faults)." };
        var backend = PagerBackendOption.Create();
        var command = new Command("pager", "Replay a page reference string on the user-level pager (real faults) next to the model's prediction.")
        {
            policy, frames, trace, traceFile, format, pageSize, csvColumn, pages, seed, tau, backend, events, json, csv, chart,
        };
        command.Subcommands.Add(PagerStressCommand.Create());
        command.Subcommands.Add(PagerCostCommand.Create());
        command.Subcommands.Add(PagerCrashProbeCommand.Create());
        command.SetAction(parse => CommandRunner.Run(parse,
            () => PagerRequest.From(parse.GetValue(policy)!, parse.GetValue(frames), parse.GetValue(trace), parse.GetValue(traceFile),
                                    parse.GetValue(pages), parse.GetValue(seed), parse.GetValue(backend), parse.GetValue(events), parse.GetValue(json),
                                    parse.GetValue(csv), parse.GetValue(chart),
                                    new TraceReadOptions(TraceFormats.Parse(parse.GetValue(format)!), parse.GetValue(pageSize) ?? Environment.SystemPageSize,
                                                         parse.GetValue(csvColumn)),
                                    CommandOutput.For(parse).Progress, tau: parse.GetValue(tau)),
            PagerRunner.Execute));
        return command;
    }
}
