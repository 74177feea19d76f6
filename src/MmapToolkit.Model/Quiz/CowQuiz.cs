using MmapToolkit.Model.Kernel;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Quiz;

/// <summary>What one step of a copy-on-write exercise does.</summary>
public enum CowStepKind { Fork, Read, Write, Exit }

/// <summary>One step: process P<paramref name="Process"/> forks (its child is P<paramref name="Child"/>), reads or
/// writes page <paramref name="Page"/> of the shared region, or exits. Page and Child are -1 where they do not apply.</summary>
public sealed record CowStep(CowStepKind Kind, int Process, int Page = -1, int Child = -1)
{
    public override string ToString() => Kind switch
    {
        CowStepKind.Fork => $"P{Process} forks P{Child}",
        CowStepKind.Read => $"P{Process} reads page {Page}",
        CowStepKind.Write => $"P{Process} writes page {Page}",
        _ => $"P{Process} exits",
    };
}

/// <summary>One live process's view after a step: the share count of each page's frame, null where the page is not
/// present in this process.</summary>
public sealed record CowShareCounts(int Process, IReadOnlyList<int?> ShareCounts);

/// <summary>The model kernel's answer to one step: page faults taken, pages copied (copy-on-write copies), pages a
/// write fault made writable without copying (the writer was the last to share the frame), every live process's share
/// counts afterwards, and the model's own sentence for an access.</summary>
public sealed record CowAnswer(int Faults, int Copies, int Reuses, IReadOnlyList<CowShareCounts> ShareCounts, string? Explanation);

/// <summary>
/// A copy-on-write fork exercise: P0 maps <see cref="Pages"/> pages of private anonymous memory (never touched), then
/// a seeded sequence of forks, reads, writes and exits runs on the model's kernel (<see cref="Machine"/>, copy-on-write
/// fork, no shared zero page: a read of a never-touched page gets a zero-filled frame of its own, as in the notes).
/// The answers are what the model did.
/// </summary>
public sealed record CowQuiz(int Pages, IReadOnlyList<CowStep> Steps, IReadOnlyList<CowAnswer> Answers)
{
    public const int DefaultPages = 3, StepCount = 8, MaxProcesses = 3;

    /// <summary>The virtual page number of page 0 (the same in every process), as the model's sentences name pages.</summary>
    public long FirstVirtualPage { get; init; }

    /// <summary>Sequences tried before giving up; the first with a fork, a copy and a reuse is taken.</summary>
    public const int MaxCandidates = 100_000;

    /// <summary>The first seeded sequence (SplitMix64) that forks, copies a page and reuses one.</summary>
    public static CowQuiz Generate(ulong seed)
    {
        var rng = new SplitMix64(seed);
        for (int candidate = 0; candidate < MaxCandidates; candidate++)
        {
            var quiz = Solve(DefaultPages, Draw(ref rng));
            if (quiz.Answers.Sum(a => a.Copies) > 0 && quiz.Answers.Sum(a => a.Reuses) > 0) return quiz;
        }
        throw new InvalidOperationException($"no copy-on-write sequence with a copy and a reuse in {MaxCandidates} candidates for seed {seed}");
    }

    private static List<CowStep> Draw(ref SplitMix64 rng)
    {
        var steps = new List<CowStep>(StepCount);
        var live = new List<int> { 0 };
        int created = 1;
        for (int i = 0; i < StepCount; i++)
        {
            int who = live[(int)(rng.Next() % (ulong)live.Count)];
            int roll = (int)(rng.Next() % 100);
            // Forks early (so there is something to share), exits rare, writes a little more often than reads.
            if ((roll < 25 || (i == 1 && created == 1)) && created < MaxProcesses)
            {
                steps.Add(new CowStep(CowStepKind.Fork, who, Child: created));
                live.Add(created++);
            }
            else if (roll < 33 && live.Count > 1)
            {
                steps.Add(new CowStep(CowStepKind.Exit, who));
                live.Remove(who);
            }
            else
            {
                var kind = roll < 62 ? CowStepKind.Read : CowStepKind.Write;
                steps.Add(new CowStep(kind, who, (int)(rng.Next() % DefaultPages)));
            }
        }
        return steps;
    }

    /// <summary>Runs <paramref name="steps"/> on a fresh model kernel and records its answers.</summary>
    public static CowQuiz Solve(int pages, IReadOnlyList<CowStep> steps)
    {
        var machine = new Machine(new MachineOptions { Frames = 64, UseZeroPage = false });
        var p0 = machine.CreateProcess("P0");
        long start = p0.Mmap(0, (long)pages * machine.PageSize, Protection.ReadWrite, MapFlags.Private | MapFlags.Anonymous);
        var processes = new SortedDictionary<int, Process> { [0] = p0 };
        var answers = new List<CowAnswer>(steps.Count);
        foreach (var step in steps)
        {
            var before = machine.Counters.Snapshot();
            var p = processes.TryGetValue(step.Process, out var found) ? found
                : throw new ArgumentException($"step '{step}': P{step.Process} is not running", nameof(steps));
            string? why = null;
            switch (step.Kind)
            {
                case CowStepKind.Fork:
                    if (processes.ContainsKey(step.Child)) throw new ArgumentException($"step '{step}': P{step.Child} already exists", nameof(steps));
                    processes[step.Child] = p.Fork();
                    break;
                case CowStepKind.Exit:
                    p.Exit();
                    processes.Remove(step.Process);
                    break;
                default:
                    if (step.Page < 0 || step.Page >= pages) throw new ArgumentException($"step '{step}': pages are 0..{pages - 1}", nameof(steps));
                    why = p.Touch(start + (long)step.Page * machine.PageSize, step.Kind == CowStepKind.Write ? AccessKind.Write : AccessKind.Read).Explanation;
                    break;
            }
            var after = machine.Counters;
            var shares = processes.Select(kv => new CowShareCounts(kv.Key,
                Enumerable.Range(0, pages).Select(i => kv.Value.Describe(start + (long)i * machine.PageSize) is { Valid: true } d ? d.ShareCount : (int?)null).ToArray())).ToArray();
            answers.Add(new CowAnswer((int)(after.Faults - before.Faults), (int)(after.CowCopies - before.CowCopies),
                                      (int)(after.CowReuses - before.CowReuses), shares, why));
        }
        return new CowQuiz(pages, [.. steps], answers) { FirstVirtualPage = start / machine.PageSize };
    }
}
