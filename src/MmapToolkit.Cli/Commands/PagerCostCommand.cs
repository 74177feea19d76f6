using System.CommandLine;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk pager cost</c>: one user-level fault next to the kernel's demand-zero fault, in one run.</summary>
internal static class PagerCostCommand
{
    public static Command Create()
    {
        var pages = new Option<long>("--pages") { Description = $"Fresh pages touched per repetition ({PagerCost.MinPages} to {PagerCost.MaxPages}).", DefaultValueFactory = _ => 10_000 };
        var reps = new Option<int>("--repetitions") { Description = $"Repetitions, median and spread over them (1 to {PagerCost.MaxRepetitions}; pages x repetitions at most {PagerCost.MaxFaultsPerRow:N0}).", DefaultValueFactory = _ => 9 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var backend = PagerBackendOption.Create();
        backend.Description = "Measure only this backend's pager rows: uffd or sigsegv (default: both).";
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, then a row per kind of fault (ns)." };
        var chart = new Option<string?>("--chart") { Description = "Also draw the cost bars by mechanism to FILE.svg or FILE.png, the bare SIGSEGV round trip marked." };
        var command = new Command("cost", "Measure one user-level page fault next to the kernel's own demand-zero fault (timing loops in C).")
        {
            pages, reps, backend, json, csv, chart,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => new PagerCostRequest(parse.GetValue(pages), parse.GetValue(reps), PagerBackendOption.Parse(parse.GetValue(backend)), parse.GetValue(json),
                                       parse.GetValue(csv), parse.GetValue(chart)).Validate(),
            PagerCostRunner.Execute));
        return command;
    }
}
