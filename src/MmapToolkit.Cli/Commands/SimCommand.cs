using System.CommandLine;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk sim</c>: the managed model's trace simulator. Runs a replacement policy over a reference string and
/// prints faults and hits, the notes' frame-by-frame table (--table), faults per frame count (--frames 1..8), the
/// one-pass LRU fault curve (--mrc), or searches for Belady's anomaly / a subset-property counterexample.
/// </summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var policy = new Option<string>("--policy") { Description = "Policy: fifo, lru, opt, clock, clock0, clock2..clock8, random, lfu, mfu, sieve, arc, 2q, s3fifo, lru2, lirs, clockpro, aging, nru; several as a,b,c, or all; or one of the variable-allocation policies ws, pff, wsclock.", DefaultValueFactory = _ => "lru" };
        var frames = new Option<string?>("--frames") { Description = "Frame count N, or a range A..B or A..B/step (at most 100000 counts, run in parallel) to print faults per frame count; with --belady/--subset, the largest count compared." };
        var trace = new Option<string?>("--trace") { Description = "Reference string, e.g. \"0 1 2 3 0 1w 4\" ('w' marks a store, '#' a comment)." };
        var traceFile = new Option<string?>("--trace-file") { Description = "Trace file in any --format ('-' reads standard input; a .gz or .zst file is decompressed as it is read)." };
        var format = new Option<string>("--format") { Description = "Trace format: auto (from the magic number, name and content; the choice is printed), plain, addresses, lackey, csv, oracleGeneral, binary.", DefaultValueFactory = _ => "auto" };
        var pageSize = new Option<long?>("--page-size") { Description = "Bytes per page for addresses and lackey traces (a power of two; default this machine's page size)." };
        var csvColumn = new Option<int?>("--csv-column") { Description = "The csv column (1-based) holding the page id (default: the header's obj_id/id/page/key column, or the only column)." };
        var table = new Option<bool>("--table") { Description = "Print the frame-by-frame table ('*' marks the frame just loaded)." };
        var mrc = new Option<bool>("--mrc") { Description = "Print LRU's fault count for every frame count, from one pass over the trace." };
        var belady = new Option<bool>("--belady") { Description = "Look for Belady's anomaly (more frames, more faults): on the trace if given, else a seeded search." };
        var subset = new Option<bool>("--subset") { Description = "Check the subset (stack) property: on the trace if given, else a seeded search for a counterexample." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for random and for the searches.", DefaultValueFactory = _ => 1UL };
        var allRows = new Option<bool>("--all-rows") { Description = "Print every frame count of a long range or --mrc curve (by default: chosen rows and the knees)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, then every frame count (with --frames A..B, --frames N or --mrc)." };
        var chart = new Option<string?>("--chart") { Description = "Also draw faults against frames to FILE.svg or FILE.png: a line per policy, Belady's anomaly circled, LRU's one-pass curve dashed (with --frames A..B or --mrc)." };
        var sample = new Option<double?>("--sample") { Description = "With --mrc: estimate LRU's curve from a sample of the pages at rate R (SHARDS, 0 < R <= 1; --seed picks the hash)." };
        var samplePages = new Option<int?>("--sample-pages") { Description = "With --mrc: fixed-size SHARDS, at most this many pages in the sample (starting at --sample's rate, else 1)." };
        var parameters = SimPolicyParameters.Create();
        var command = new Command("sim", "Simulate page replacement on a reference string (the managed model).")
        {
            policy, frames, trace, traceFile, format, pageSize, csvColumn, table, mrc, belady, subset, seed, allRows, json, csv, chart, sample, samplePages,
        };
        foreach (var option in parameters.Options) command.Options.Add(option);
        command.SetAction(parse => CommandRunner.Run(parse,
            () => SimRunner.Prepare(new SimRequest(
                parse.GetValue(policy)!, parse.GetValue(frames), parse.GetValue(trace), parse.GetValue(traceFile),
                parse.GetValue(table), parse.GetValue(mrc), parse.GetValue(belady), parse.GetValue(subset),
                parse.GetValue(seed), parse.GetValue(json), parse.GetValue(format)!, parse.GetValue(pageSize),
                parse.GetValue(csvColumn), parse.GetValue(allRows), parse.GetValue(chart), parse.GetValue(csv),
                parameters.Read(parse), parameters.Given(parse)) { Sample = parse.GetValue(sample), SamplePages = parse.GetValue(samplePages) },
                CommandOutput.For(parse).Progress),
            (plan, output) => SimRunner.Run(plan, output.Out, output.Progress, output.Width)));
        return command;
    }
}
