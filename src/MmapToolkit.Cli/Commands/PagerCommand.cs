using System.CommandLine;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk pager</c>: replays a page reference string on a real pager region (each reference a real load or store)
/// and prints the real faults next to the model's prediction for the same trace. Subcommands: stress, cost.
/// </summary>
internal static class PagerCommand
{
    public static Command Create()
    {
        var policy = new Option<string>("--policy") { Description = "Replacement policy: fifo, clock, lru, random or opt.", DefaultValueFactory = _ => "fifo" };
        var frames = new Option<int>("--frames") { Description = $"Frames of physical memory (1 to {UserPager.MaxFrames}).", Required = true };
        var trace = new Option<string?>("--trace") { Description = "Reference string, e.g. \"0 1 2 3 0 1w 4\" ('w' marks a store)." };
        var traceFile = new Option<string?>("--trace-file") { Description = "File holding the reference string ('#' comments allowed)." };
        var pages = new Option<long?>("--pages") { Description = "Virtual pages in the region (default: highest page in the trace + 1)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random policy (the model uses the same).", DefaultValueFactory = _ => 1UL };
        var events = new Option<bool>("--events") { Description = "Also print every fault from the pager's event log." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("pager", "Replay a page reference string on the user-level pager (real faults) next to the model's prediction.")
        {
            policy, frames, trace, traceFile, pages, seed, events, json,
        };
        command.Subcommands.Add(PagerStressCommand.Create());
        command.Subcommands.Add(PagerCostCommand.Create());
        command.Subcommands.Add(PagerCrashProbeCommand.Create());
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string? text = parse.GetValue(trace), file = parse.GetValue(traceFile);
            if ((text is null) == (file is null)) throw new ArgumentException("give exactly one of --trace and --trace-file");
            var references = text is not null ? TraceParser.Parse(text, "--trace") : TraceParser.ParseFile(file!);
            if (references.Count == 0) throw new ArgumentException("the trace has no references");
            string policyName = parse.GetValue(policy)!;
            var pagerPolicy = PagerPolicyNames.Parse(policyName);
            int frameCount = parse.GetValue(frames);
            if (frameCount < 1 || frameCount > UserPager.MaxFrames)
                throw new ArgumentException($"--frames must be between 1 and {UserPager.MaxFrames} (got {frameCount})");
            long highest = references.Max(r => r.Page);
            long pageCount = parse.GetValue(pages) ?? Math.Max(highest + 1, frameCount);
            if (pageCount <= highest) throw new ArgumentException($"--pages {pageCount} is too small: the trace references page {highest}");
            if (pageCount < frameCount) throw new ArgumentException($"--frames {frameCount} is more than --pages {pageCount}");
            ulong seedValue = parse.GetValue(seed);

            // The region first: the sizes it refuses (frames, address space) are reported before any work is done.
            using var pager = new UserPager(new PagerOptions { Pages = pageCount, Frames = frameCount, Policy = pagerPolicy, Seed = seedValue });
            var model = TraceSimulator.Run(pagerPolicy.Name(), frameCount, references, seedValue);
            var log = pager.OpenEventLog();
            var accesses = references.Select(r => new PagerAccess(r.Page, r.IsWrite)).ToArray();
            var real = PagerProgress.Run($"replaying {accesses.Length:N0} references on the pager", accesses.Length,
                                         set => PagerReplay.Run(pager, accesses, done => set(done)));
            var faultEvents = parse.GetValue(events) ? log.ReadNew() : [];

            var report = new
            {
                Policy = pagerPolicy.Name(),
                Frames = frameCount,
                Pages = pageCount,
                References = real.References,
                Faults = real.Faults,
                ModelFaults = model.Faults,
                Evictions = real.Evictions,
                ModelEvictions = model.Evictions,
                SwapOuts = real.SwapOuts,
                ModelSwapOuts = model.SwapOuts,
                SwapIns = real.SwapIns,
                ModelSwapIns = model.SwapIns,
                ZeroFills = real.Counts.ZeroFills,
                ReferenceFaults = real.ReferenceFaults,
                DirtyFaults = real.DirtyFaults,
                BytesWritten = real.Counts.BytesWritten,
                BytesRead = real.Counts.BytesRead,
                Match = real.Faults == model.Faults && real.Evictions == model.Evictions
                        && real.SwapOuts == model.SwapOuts && real.SwapIns == model.SwapIns,
                Events = faultEvents.Select(e => new { e.Sequence, e.Page, Cause = e.Cause.Label(), e.Frame, e.Victim, Write = e.IsWrite, e.VictimSwappedOut }).ToArray(),
            };
            if (parse.GetValue(json)) { CommandRunner.WriteJson(report); return 0; }

            AnsiConsole.MarkupLine($"[bold]{report.Policy}[/], {frameCount} frames, {report.References} references over {pageCount} pages of {pager.PageSize} B");
            var table = new Table().AddColumn("").AddColumn(new TableColumn("pager (real faults)").RightAligned()).AddColumn(new TableColumn("model").RightAligned());
            table.AddRow("page faults", report.Faults.ToString(), report.ModelFaults.ToString());
            table.AddRow("evictions", report.Evictions.ToString(), report.ModelEvictions.ToString());
            table.AddRow("swap-outs (dirty write-backs)", report.SwapOuts.ToString(), report.ModelSwapOuts.ToString());
            table.AddRow("swap-ins", report.SwapIns.ToString(), report.ModelSwapIns.ToString());
            table.AddRow("reference faults (bit/recency emulation)", report.ReferenceFaults.ToString(), "-");
            table.AddRow("dirty faults (first store after a load)", report.DirtyFaults.ToString(), "-");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(report.Match ? "[green]the pager's real faults equal the model's[/]" : "[red]the pager and the model disagree[/]");
            foreach (var e in faultEvents) AnsiConsole.WriteLine(e.ToString());
            return 0;
        }));
        return command;
    }
}
