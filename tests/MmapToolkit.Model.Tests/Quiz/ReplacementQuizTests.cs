using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Model.Tests.Quiz;

/// <summary>
/// The replacement quiz's answers against OSTEP's paging-policy.py rules (<see cref="OstepPagingPolicy"/>) on seeded
/// random address lists: every hit for FIFO, LRU and OPT, every victim for FIFO and LRU; OPT's victim differs only
/// where OSTEP's tie (pages never referenced again) is broken otherwise, and then both victims are never used again.
/// </summary>
public class ReplacementQuizTests
{
    public static TheoryData<string> Policies => new() { "FIFO", "LRU", "OPT" };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_access_agrees_with_OSTEPs_rules_on_random_address_lists(string policy)
    {
        var rng = new Random(14);
        int optVictimsDiffering = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int length = rng.Next(1, 40), pages = rng.Next(1, 12), frames = rng.Next(1, 8);
            var addresses = Enumerable.Range(0, length).Select(_ => (long)rng.Next(pages)).ToArray();
            var quiz = ReplacementQuiz.Solve(policy, frames, addresses);
            var ostep = OstepPagingPolicy.Run(policy, frames, addresses);
            for (int i = 0; i < length; i++)
            {
                string where = $"{policy}, {frames} frames, [{string.Join(',', addresses)}], access {i + 1}";
                Assert.True(ostep[i].Hit == quiz.Accesses[i].Hit, $"{where}: hit {quiz.Accesses[i].Hit}, OSTEP {ostep[i].Hit}");
                if (policy != "OPT")
                {
                    Assert.True(ostep[i].Victim == quiz.Accesses[i].Evicted, $"{where}: evicted {quiz.Accesses[i].Evicted}, OSTEP {ostep[i].Victim}");
                }
                else if (ostep[i].Victim != quiz.Accesses[i].Evicted)
                {
                    optVictimsDiffering++;
                    Assert.NotNull(quiz.Accesses[i].Evicted);
                    Assert.DoesNotContain(quiz.Accesses[i].Evicted!.Value, addresses.Skip(i + 1));
                    Assert.DoesNotContain(ostep[i].Victim!.Value, addresses.Skip(i + 1));
                }
            }
        }
        if (policy == "OPT") Assert.True(optVictimsDiffering > 0, "the tie-break difference docs/quiz.md describes never showed up");
    }

    [Fact]
    public void Frames_hold_what_the_policy_left_lowest_free_frame_first()
    {
        var quiz = ReplacementQuiz.Solve("fifo", 3, [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]);
        Assert.Equal([1L, null, null], quiz.Accesses[0].Frames);
        Assert.Equal([4L, 2, 3], quiz.Accesses[3].Frames);   // 4 replaced 1 in frame 0
        Assert.Equal(1, quiz.Accesses[3].Evicted);
        Assert.Equal(9, quiz.Misses);                          // the notes' FIFO count with three frames
    }

    [Fact]
    public void The_same_seed_gives_the_same_string_and_another_seed_another()
    {
        Assert.Equal(ReplacementQuiz.Generate(5), ReplacementQuiz.Generate(5));
        Assert.NotEqual(ReplacementQuiz.Generate(5), ReplacementQuiz.Generate(6));
        Assert.All(ReplacementQuiz.Generate(5), p => Assert.InRange(p, 0, ReplacementQuiz.GeneratedPages - 1));
    }

    [Fact]
    public void Out_of_range_frames_and_empty_strings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplacementQuiz.Solve("lru", 0, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplacementQuiz.Solve("lru", ReplacementQuiz.MaxFrames + 1, [1]));
        Assert.Throws<ArgumentException>(() => ReplacementQuiz.Solve("lru", 3, []));
        Assert.Throws<ArgumentException>(() => ReplacementQuiz.Solve("nosuch", 3, [1]));
    }
}
