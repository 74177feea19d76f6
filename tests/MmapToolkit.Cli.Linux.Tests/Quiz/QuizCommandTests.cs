using System.Text.Json;
using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Quiz;

/// <summary>`mmaptk quiz replacement|belady|cow`: the same options give the same bytes, the questions hide what the
/// answers show, --json's shape, and bad input is one line with exit code 2.</summary>
public class QuizCommandTests
{
    public static TheoryData<string[]> Quizzes => new()
    {
        new[] { "quiz", "replacement", "--seed", "11" },
        new[] { "quiz", "replacement", "--seed", "11", "--policy", "opt", "-c" },
        new[] { "quiz", "replacement", "-a", "1,2,3,4,1,2,5,1,2,3,4,5", "-p", "lru", "-C", "4", "-c", "--json" },
        new[] { "quiz", "belady", "--seed", "4", "-c" },
        new[] { "quiz", "cow", "--seed", "9" },
        new[] { "quiz", "cow", "--seed", "9", "-c", "--json" },
    };

    [Theory]
    [MemberData(nameof(Quizzes))]
    public void The_same_options_give_the_same_bytes(string[] args)
    {
        var first = Mmaptk.Run(args);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("", first.Stderr);
        Assert.Equal(first.Stdout, Mmaptk.Run(args).Stdout);
    }

    [Theory]
    [InlineData("replacement")]
    [InlineData("belady")]
    [InlineData("cow")]
    public void Another_seed_gives_another_exercise(string quiz)
        => Assert.NotEqual(Mmaptk.Run("quiz", quiz, "--seed", "1").Stdout, Mmaptk.Run("quiz", quiz, "--seed", "2").Stdout);

    [Fact]
    public void The_questions_name_the_command_that_answers_them_and_it_gives_the_answers()
    {
        var questions = Mmaptk.Run("quiz", "replacement", "-a", "3,1,3,2,4", "--policy", "LRU", "--frames", "2");
        Assert.DoesNotContain("miss", questions.Stdout.Split("hit/miss")[1]);
        string answerLine = questions.Stdout.Split('\n').Single(l => l.StartsWith("Answers: mmaptk ", StringComparison.Ordinal));
        Assert.Equal("Answers: mmaptk quiz replacement --addresses 3,1,3,2,4 --policy lru --frames 2 -c", answerLine);
        var answers = Mmaptk.Run(answerLine["Answers: mmaptk ".Length..].Split(' '));
        Assert.Contains("       3     3  hit       -        [3 1]", answers.Stdout);
        Assert.Contains("       4     2  miss      1        [3 2]", answers.Stdout);
        Assert.Contains("       5     4  miss      3        [4 2]", answers.Stdout);
        Assert.Contains("lru, 2 frames: 4 misses, 1 hits", answers.Stdout);
    }

    [Fact]
    public void Json_gives_accesses_with_page_hit_evicted_and_frames()
    {
        var root = Mmaptk.Run("quiz", "replacement", "-a", "1,2,3,4,1,2,5,1,2,3,4,5", "-C", "3", "-c", "--json").Json();
        var accesses = root.GetProperty("accesses").EnumerateArray().ToArray();
        Assert.Equal(12, accesses.Length);
        Assert.Equal(9, accesses.Count(a => !a.GetProperty("hit").GetBoolean()));
        Assert.Equal(1, accesses[3].GetProperty("evicted").GetInt64());
        Assert.Equal(JsonValueKind.Null, accesses[0].GetProperty("evicted").ValueKind);
        Assert.Equal([4L, 2, 3], accesses[3].GetProperty("frames").EnumerateArray().Select(f => f.GetInt64()));
        var questions = Mmaptk.Run("quiz", "replacement", "-a", "1,2", "--json").Json();
        Assert.False(questions.GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, questions.GetProperty("accesses")[0].GetProperty("hit").ValueKind);
    }

    [Fact]
    public void The_belady_answers_name_the_frame_counts_where_faults_rise()
    {
        var root = Mmaptk.Run("quiz", "belady", "--seed", "4", "-c", "--json").Json();
        var faults = root.GetProperty("faults").EnumerateArray().Select(f => f.GetProperty("faults").GetInt64()).ToArray();
        var rises = Enumerable.Range(1, faults.Length - 1).Where(i => faults[i] > faults[i - 1]).Select(i => i + 1);
        Assert.NotEmpty(rises);
        Assert.Equal(rises, root.GetProperty("anomaly_frames").EnumerateArray().Select(f => f.GetInt32()));
    }

    [Fact]
    public void The_cow_answers_count_faults_copies_and_share_counts_per_step()
    {
        var root = Mmaptk.Run("quiz", "cow", "--seed", "0", "-c", "--json").Json();
        var steps = root.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Contains(steps, s => s.GetProperty("kind").GetString() == "fork");
        Assert.Contains(steps, s => s.GetProperty("copies").GetInt32() == 1);
        foreach (var s in steps.Where(s => s.GetProperty("kind").GetString() is "fork" or "exit"))
            Assert.Equal(0, s.GetProperty("faults").GetInt32());
        Assert.All(steps, s => Assert.NotEmpty(s.GetProperty("share_counts").EnumerateArray()));
    }

    [Theory]
    [InlineData("--addresses", "1,,2", "an empty entry")]
    [InlineData("--addresses", "1,-2", "'-2' is not a page number")]
    [InlineData("--frames", "0", "a quiz takes 1 to 64 frames")]
    [InlineData("--frames", "65", "a quiz takes 1 to 64 frames")]
    [InlineData("--policy", "nosuch", "unknown policy 'nosuch'")]
    [InlineData("--addresses", "99999999999999999999", "is not a page number")]
    [InlineData("--addresses", "", "an empty entry")]
    [InlineData("--seed", "-1", "--seed expects a whole number")]
    [InlineData("--seed", "18446744073709551616", "--seed expects a whole number")]
    [InlineData("--frames", "x", "--frames expects a whole number")]
    public void Bad_input_is_one_line_and_exit_code_2(string option, string value, string message)
    {
        var run = Mmaptk.Run("quiz", "replacement", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Too_many_addresses_are_refused_with_the_limit()
    {
        var run = Mmaptk.Run("quiz", "replacement", "--addresses", string.Join(',', Enumerable.Range(0, 10_001)));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at most 10000 page numbers", run.Stderr);
    }
}
