using System.CommandLine;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk trace</c>: record a program's page references under valgrind, convert between trace formats, generate
/// synthetic traces, and summarise a trace (reuse distances, working-set size over time).
/// </summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var command = new Command("trace", "Record, convert, generate and summarise page reference traces (for mmaptk sim).");
        command.Subcommands.Add(Record());
        command.Subcommands.Add(Convert());
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Stats());
        return command;
    }

    private static Option<string> Format(string name = "--format") => new(name)
    {
        Description = "Input format: auto, plain, addresses, lackey, csv, oracleGeneral, binary.", DefaultValueFactory = _ => "auto",
    };

    private static Option<long?> PageSize() => new("--page-size") { Description = "Bytes per page for addresses and lackey (default this machine's page size)." };

    private static Option<int?> CsvColumn() => new("--csv-column") { Description = "The csv column (1-based) holding the page id." };

    private static Command Record()
    {
        var output = new Option<string?>("--out") { Description = "The binary page trace to write (default PROGRAM.mmtrace in this directory; a .gz or .zst name is compressed)." };
        var pageSize = PageSize();
        var program = new Argument<string[]>("program") { Description = "The program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("record", "Run a program under valgrind lackey and write its page references as a binary trace: mmaptk trace record --out ls.mmtrace -- ls /usr")
        {
            output, pageSize, program,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => TraceRecorder.Prepare(parse.GetValue(program)!, parse.GetValue(output), parse.GetValue(pageSize) ?? Environment.SystemPageSize),
            (plan, o) => TraceRecorder.Record(plan, o.Out)));
        return command;
    }

    private static Command Convert()
    {
        var input = new Argument<string>("in") { Description = "The trace to read ('-' for standard input; .gz and .zst are decompressed)." };
        var output = new Argument<string>("out") { Description = "The trace to write ('-' for standard output; a .gz or .zst name is compressed, the format following the rest of the name)." };
        var format = Format("--from");
        var to = new Option<string?>("--to") { Description = "Output format: plain, csv, binary, oracleGeneral (default: from OUT's name before any .gz/.zst: .csv, .bin/.mmtrace, .oracleGeneral; else plain)." };
        var pageSize = PageSize();
        var csvColumn = CsvColumn();
        var command = new Command("convert", "Convert a trace between formats (e.g. a lackey log to the compact binary trace).")
        {
            input, output, format, to, pageSize, csvColumn,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => TraceRunner.PrepareConvert(parse.GetValue(input)!, parse.GetValue(output)!,
                Options(parse.GetValue(format)!, parse.GetValue(pageSize), parse.GetValue(csvColumn)), parse.GetValue(to), CommandOutput.For(parse).Progress),
            (plan, o) => TraceRunner.Convert(plan, o.Out, o.Progress)));
        return command;
    }

    private static Command Generate()
    {
        var kind = new Option<string>("--kind") { Description = "uniform, zipf, loop, scan (a hot tenth plus a sweep) or phases (a moving working set).", Required = true };
        var length = new Option<long>("--length") { Description = "References to generate.", DefaultValueFactory = _ => 100_000 };
        var pages = new Option<int>("--pages") { Description = "Pages in the universe (0..pages-1).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same options and seed give the same trace.", DefaultValueFactory = _ => 1UL };
        var writeRatio = new Option<double>("--write-ratio") { Description = "Share of references that are stores (0 to 1).", DefaultValueFactory = _ => 0 };
        var exponent = new Option<double>("--zipf-exponent") { Description = "zipf: page k has weight 1/(k+1)^s.", DefaultValueFactory = _ => 1.0 };
        var phases = new Option<int>("--phases") { Description = "phases: how many working sets in turn.", DefaultValueFactory = _ => 4 };
        var output = new Option<string>("--out") { Description = "Where to write ('-' standard output); the format follows the name as for convert.", DefaultValueFactory = _ => "-" };
        var to = new Option<string?>("--to") { Description = "Output format: plain, csv, binary, oracleGeneral." };
        var command = new Command("gen", "Generate a synthetic trace: mmaptk trace gen --kind zipf --pages 10000 --length 1000000 --seed 7 --out z.bin")
        {
            kind, length, pages, seed, writeRatio, exponent, phases, output, to,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => TraceRunner.PrepareGenerate(new TraceGenerationOptions(
                    ParseKind(parse.GetValue(kind)!), parse.GetValue(length), parse.GetValue(pages), parse.GetValue(seed),
                    parse.GetValue(writeRatio), parse.GetValue(exponent), parse.GetValue(phases)),
                parse.GetValue(output)!, parse.GetValue(to)),
            (plan, o) => TraceRunner.Generate(plan, o.Out)));
        return command;
    }

    private static Command Stats()
    {
        var input = new Argument<string>("file") { Description = "The trace ('-' for standard input)." };
        var format = Format();
        var pageSize = PageSize();
        var csvColumn = CsvColumn();
        var window = new Option<int?>("--window") { Description = "Δ of the working set W(t, Δ), in references (default: a hundredth of the trace, at least 1)." };
        var samples = new Option<int>("--samples") { Description = "Times t at which W(t, Δ) is shown.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print both tables as one CSV: table,from,to,value,share (reuse_distance and first_use rows, then working_set rows: t, W(t, Δ))." };
        var command = new Command("stats", "Summarise a trace: references, distinct pages, stores, reuse distances, working-set size over time.")
        {
            input, format, pageSize, csvColumn, window, samples, json, csv,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => TraceRunner.PrepareStats(parse.GetValue(input)!, Options(parse.GetValue(format)!, parse.GetValue(pageSize), parse.GetValue(csvColumn)),
                                           parse.GetValue(window), parse.GetValue(samples), parse.GetValue(json), CommandOutput.For(parse).Progress,
                                           csv: parse.GetValue(csv)),
            (plan, o) => TraceRunner.Stats(plan, o.Out, o.Progress, o.Width)));
        return command;
    }

    private static TraceReadOptions Options(string format, long? pageSize, int? csvColumn)
        => new(TraceFormats.Parse(format), pageSize ?? Environment.SystemPageSize, csvColumn);

    internal static TraceKind ParseKind(string text)
        => Enum.TryParse<TraceKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"--kind: unknown kind '{text}' (one of uniform, zipf, loop, scan, phases)");
}
