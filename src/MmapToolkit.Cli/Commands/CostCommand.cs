using System.CommandLine;
using MmapToolkit.Measurements;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk cost</c>: what the notes' mechanisms cost on this kernel, with median and spread (docs/costs.md).</summary>
internal static class CostCommand
{
    public static Command Create()
    {
        var defaults = new CostOptions();
        var pages = new Option<long>("--pages") { Description = "n: pages of each mapping and of the text file.", DefaultValueFactory = _ => defaults.Pages };
        var touched = new Option<long>("--touched") { Description = "k: pages touched (demand-zero, text) or written by the child (copy-on-write).", DefaultValueFactory = _ => defaults.Touched };
        var reps = new Option<int>("--repetitions") { Description = "Measured repetitions of every figure (after one warm-up).", DefaultValueFactory = _ => defaults.Repetitions };
        var forkSizes = new Option<string>("--fork-sizes") { Description = "Heap sizes in touched pages at which fork is timed, comma-separated.", DefaultValueFactory = _ => string.Join(',', defaults.ForkSizes) };
        var only = new Option<string?>("--only") { Description = $"Measure one group only: {string.Join(", ", CostSuite.Groups.Select(g => g.Name))}." };
        var directory = new Option<string?>("--directory") { Description = "Where the text file is written (disk-backed, not tmpfs); default: the temp directory." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, then a row per measurement, figures unrounded." };
        var chart = new Option<string?>("--chart") { Description = "Also draw FILE.svg or FILE.png: fork time against touched heap pages (min..max whiskers), and the costs as bars." };
        var command = new Command("cost", "Measure demand-zero vs memset, the copy-on-write fault, fork as the heap grows, and text on demand vs read(): median, min..max, spread.")
        {
            pages, touched, reps, forkSizes, only, directory, json, csv, chart,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => CostRequest.From(new CostOptions
            {
                Pages = parse.GetValue(pages),
                Touched = parse.GetValue(touched),
                Repetitions = parse.GetValue(reps),
                ForkSizes = CostRequest.ParseSizes(parse.GetValue(forkSizes) ?? ""),
                Directory = parse.GetValue(directory),
            }, parse.GetValue(only), parse.GetValue(json), parse.GetValue(csv), parse.GetValue(chart)),
            CostRunner.Execute));
        return command;
    }
}
