using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Model.Tests.Quiz;

/// <summary>The Belady quiz always finds an anomaly and its answers are FIFO's counts; the copy-on-write quiz's
/// answers follow the notes' rules step by step.</summary>
public class BeladyAndCowQuizTests
{
    [Fact]
    public void Every_seed_gives_a_string_with_the_anomaly_and_the_answers_are_fifo_counts()
    {
        for (ulong seed = 0; seed < 100; seed++)
        {
            var quiz = BeladyQuiz.Generate(seed);
            Assert.NotEmpty(quiz.AnomalyFrames);
            Assert.Equal(quiz.References.Distinct().Count(), quiz.MaxFrames);
            foreach (int k in quiz.AnomalyFrames) Assert.True(quiz.Faults(k) > quiz.Faults(k - 1));
            // Independent count: FIFO as a queue.
            for (int k = 1; k <= quiz.MaxFrames; k++) Assert.Equal(FifoFaults(quiz.References, k), quiz.Faults(k));
        }
    }

    [Fact]
    public void The_notes_string_has_the_anomaly_at_four_frames()
    {
        var quiz = BeladyQuiz.Solve([1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]);
        Assert.Equal([4], quiz.AnomalyFrames);
        Assert.Equal(9, quiz.Faults(3));
        Assert.Equal(10, quiz.Faults(4));
    }

    private static long FifoFaults(IReadOnlyList<long> refs, int frames)
    {
        var queue = new Queue<long>();
        long faults = 0;
        foreach (long p in refs)
        {
            if (queue.Contains(p)) continue;
            faults++;
            if (queue.Count == frames) queue.Dequeue();
            queue.Enqueue(p);
        }
        return faults;
    }

    [Fact]
    public void Copy_on_write_answers_follow_the_notes()
    {
        CowStep[] steps =
        [
            new(CowStepKind.Write, 0, 0),           // demand-zero fault
            new(CowStepKind.Read, 0, 1),            // demand-zero fault (no zero page)
            new(CowStepKind.Fork, 0, Child: 1),     // no fault; both pages shared by two
            new(CowStepKind.Write, 1, 0),           // copy
            new(CowStepKind.Write, 0, 0),           // P0 is now alone on its frame: reuse, no copy
            new(CowStepKind.Read, 1, 2),            // never touched: demand-zero in P1 only
            new(CowStepKind.Exit, 1),
            new(CowStepKind.Write, 0, 1),           // P1 gone: alone again, reuse
        ];
        var quiz = CowQuiz.Solve(3, steps);
        Assert.Equal([1, 1, 0, 1, 1, 1, 0, 1], quiz.Answers.Select(a => a.Faults));
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 0], quiz.Answers.Select(a => a.Copies));
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 1], quiz.Answers.Select(a => a.Reuses));
        Assert.Equal([2, 2, null], quiz.Answers[2].ShareCounts[0].ShareCounts);
        Assert.Equal([1, 2, null], quiz.Answers[3].ShareCounts[0].ShareCounts);
        Assert.Equal([1, 2, null], quiz.Answers[3].ShareCounts[1].ShareCounts);
        Assert.Single(quiz.Answers[6].ShareCounts);
        Assert.Equal([1, 1, null], quiz.Answers[7].ShareCounts[0].ShareCounts);
    }

    [Fact]
    public void Generated_sequences_fork_copy_and_reuse_and_repeat_with_their_seed()
    {
        for (ulong seed = 0; seed < 100; seed++)
        {
            var quiz = CowQuiz.Generate(seed);
            Assert.Contains(quiz.Steps, s => s.Kind == CowStepKind.Fork);
            Assert.True(quiz.Answers.Sum(a => a.Copies) > 0);
            Assert.True(quiz.Answers.Sum(a => a.Reuses) > 0);
        }
        Assert.Equal(CowQuiz.Generate(3).Steps, CowQuiz.Generate(3).Steps);
    }
}
