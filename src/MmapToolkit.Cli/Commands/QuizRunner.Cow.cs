using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk quiz cow</c>: faults, copies and share counts of each step of a fork/read/write/exit sequence.</summary>
internal static partial class QuizRunner
{
    public static int Cow(SeededQuizRequest request, CommandOutput output)
    {
        var quiz = CowQuiz.Generate(request.Seed);
        if (request.Json)
        {
            output.WriteJson(new
            {
                Quiz = "cow",
                request.Seed,
                quiz.Pages,
                Answered = request.Answers,
                Steps = quiz.Steps.Select((s, i) => new
                {
                    Step = i + 1,
                    Kind = s.Kind.ToString().ToLowerInvariant(),
                    Process = $"P{s.Process}",
                    Page = s.Page < 0 ? (int?)null : s.Page,
                    Child = s.Child < 0 ? null : $"P{s.Child}",
                    Faults = request.Answers ? quiz.Answers[i].Faults : (int?)null,
                    Copies = request.Answers ? quiz.Answers[i].Copies : (int?)null,
                    Reuses = request.Answers ? quiz.Answers[i].Reuses : (int?)null,
                    ShareCounts = request.Answers
                        ? quiz.Answers[i].ShareCounts.Select(c => new { Process = $"P{c.Process}", Pages = c.ShareCounts }).ToArray()
                        : null,
                    Explanation = request.Answers ? quiz.Answers[i].Explanation : null,
                }).ToArray(),
            });
            return 0;
        }
        var prose = new ProseWriter(output.Out, output.Width);
        var w = output.Out;
        prose.Line($"Quiz: copy-on-write fork (seed {request.Seed})");
        prose.Line($"P0 has mapped {quiz.Pages} pages of private anonymous memory (pages 0..{quiz.Pages - 1}), never touched. fork shares every "
                 + "present page between parent and child, write-protected; a write to a shared page copies it, a write to a "
                 + "page no other process shares any more makes it writable again without a copy. A read of a never-touched page "
                 + "gets a zero-filled frame of its own (no shared zero page here). For each step: how many page faults? Does it "
                 + "copy a page? After it, what is the share count of each page in each running process ('-': not present)?");
        w.WriteLine();
        string pages = string.Join(' ', Enumerable.Range(0, quiz.Pages));
        w.WriteLine(request.Answers ? $"  step  what                faults  copies     share counts after (pages {pages})" : "  step  what");
        for (int i = 0; i < quiz.Steps.Count; i++)
        {
            string what = quiz.Steps[i].ToString();
            if (!request.Answers)
            {
                w.WriteLine($"  {i + 1,4}  {what}");
                continue;
            }
            var a = quiz.Answers[i];
            string shares = string.Join("   ", a.ShareCounts.Select(c => $"P{c.Process}: {string.Join(' ', c.ShareCounts.Select(n => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"))}"));
            string copies = a.Copies > 0 ? $"{a.Copies}" : a.Reuses > 0 ? "0 (reuse)" : "0";
            w.WriteLine($"  {i + 1,4}  {what,-18}  {a.Faults,6}  {copies,-9}  {shares}".TrimEnd());
            // The model's explanation, under the step's "what" column and wrapped there.
            if (a.Explanation is not null && a.Faults > 0) prose.Line(a.Explanation, indent: 8);
        }
        w.WriteLine();
        if (request.Answers)
        {
            int copied = quiz.Answers.Sum(a => a.Copies), reused = quiz.Answers.Sum(a => a.Reuses);
            prose.Line($"(The model's sentences name pages by virtual page number: page 0 is 0x{quiz.FirstVirtualPage:x} in every process.)");
            prose.Line($"{quiz.Answers.Sum(a => a.Faults)} faults in all; {copied} cop{(copied == 1 ? "y" : "ies")}, {reused} write fault{(reused == 1 ? "" : "s")} without a copy (answers from the model's kernel).");
        }
        else
        {
            AnswersCommand(w, $"mmaptk quiz cow --seed {request.Seed} -c");
        }
        return 0;
    }
}
