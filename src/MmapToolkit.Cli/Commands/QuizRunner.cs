using System.Globalization;
using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// What <c>mmaptk quiz</c> prints: the exercise, then either the questions (with the command that answers them) or the
/// answers, access by access or step by step. Plain lines, no colour: the sentences wrapped at the output's width (80 in
/// a pipe, so the same options give the same bytes there), the tables in fixed columns, and the command that gives the
/// answers always whole on its line, to copy.
/// </summary>
internal static partial class QuizRunner
{
    public static int Replacement(ReplacementQuizRequest request, CommandOutput output)
    {
        var quiz = ReplacementQuiz.Solve(request.Policy, request.Frames, request.Addresses, request.Seed);
        if (request.Json)
        {
            output.WriteJson(new
            {
                Quiz = "replacement",
                request.Seed,
                quiz.Policy,
                quiz.Frames,
                request.Generated,
                quiz.Addresses,
                Answered = request.Answers,
                Accesses = quiz.Accesses.Select(a => request.Answers
                    ? new { a.Page, Hit = (bool?)a.Hit, a.Evicted, Frames = (IReadOnlyList<long?>?)a.Frames }
                    : new { a.Page, Hit = (bool?)null, Evicted = (long?)null, Frames = (IReadOnlyList<long?>?)null }).ToArray(),
                Hits = request.Answers ? quiz.Hits : (int?)null,
                Misses = request.Answers ? quiz.Misses : (int?)null,
            });
            return 0;
        }
        var prose = new ProseWriter(output.Out, output.Width);
        var w = output.Out;
        string source = request.Generated
            ? $"seed {request.Seed}: {quiz.Addresses.Count} references to pages 0..{ReplacementQuiz.GeneratedPages - 1}"
            : $"{quiz.Addresses.Count} references given";
        prose.Line($"Quiz: page replacement, {quiz.Policy} with {quiz.Frames} frame{(quiz.Frames == 1 ? "" : "s")} ({source})");
        ReferenceString(prose, "Reference string: ", quiz.Addresses);
        prose.Line("The frames start empty; a missing page goes into the lowest-numbered free frame, and when none is free "
                 + $"{quiz.Policy} chooses the page to evict. For each access: hit or miss? Which page is evicted, if any? "
                 + "What does each frame hold afterwards ('-': free)?");
        w.WriteLine();
        w.WriteLine("  access  page  hit/miss  evicted  frames");
        for (int i = 0; i < quiz.Accesses.Count; i++)
        {
            var a = quiz.Accesses[i];
            string hit = !request.Answers ? "?" : a.Hit ? "hit" : "miss";
            string evicted = !request.Answers ? "?" : a.Evicted?.ToString(CultureInfo.InvariantCulture) ?? "-";
            string frames = !request.Answers ? "?" : "[" + string.Join(' ', a.Frames.Select(p => p?.ToString(CultureInfo.InvariantCulture) ?? "-")) + "]";
            w.WriteLine($"  {i + 1,6}  {a.Page,4}  {hit,-8}  {evicted,-7}  {frames}");
        }
        w.WriteLine();
        if (request.Answers)
        {
            prose.Line($"{quiz.Policy}, {quiz.Frames} frames: {quiz.Misses} misses, {quiz.Hits} hits "
                     + $"(hit rate {(100.0 * quiz.Hits / quiz.Accesses.Count).ToString("0.0", CultureInfo.InvariantCulture)} %)");
            return 0;
        }
        string addresses = request.Generated ? $"--seed {request.Seed}" : $"--addresses {string.Join(',', quiz.Addresses)}";
        AnswersCommand(w, $"mmaptk quiz replacement {addresses} --policy {quiz.Policy} --frames {quiz.Frames} -c");
        return 0;
    }

    /// <summary>"Reference string: 1 2 3 …" wrapped between page numbers, the continuation lines under the first number.</summary>
    private static void ReferenceString<T>(ProseWriter prose, string label, IEnumerable<T> pages)
        => prose.Line(label + string.Join(' ', pages), hanging: label.Length);

    /// <summary>The command that prints the answers: never wrapped (a command cut in two cannot be copied), however long
    /// its --addresses and however narrow the terminal.</summary>
    private static void AnswersCommand(TextWriter w, string command) => w.WriteLine($"Answers: {command}");
}
