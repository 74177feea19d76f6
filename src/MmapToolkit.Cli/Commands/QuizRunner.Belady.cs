using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk quiz belady</c>: FIFO's faults for every frame count on a generated string, and where they rise.</summary>
internal static partial class QuizRunner
{
    public static int Belady(SeededQuizRequest request, CommandOutput output)
    {
        var quiz = BeladyQuiz.Generate(request.Seed);
        if (request.Json)
        {
            output.WriteJson(new
            {
                Quiz = "belady",
                request.Seed,
                Policy = "fifo",
                quiz.References,
                quiz.MaxFrames,
                Answered = request.Answers,
                Faults = request.Answers ? Enumerable.Range(1, quiz.MaxFrames).Select(k => new { Frames = k, Faults = quiz.Faults(k) }).ToArray() : null,
                AnomalyFrames = request.Answers ? quiz.AnomalyFrames : null,
            });
            return 0;
        }
        var prose = new ProseWriter(output.Out, output.Width);
        var w = output.Out;
        prose.Line($"Quiz: Belady's anomaly (seed {request.Seed})");
        ReferenceString(prose, $"Reference string ({quiz.References.Count} references to pages 0..{BeladyQuiz.Pages - 1}): ", quiz.References);
        prose.Line($"FIFO, the frames start empty. With 1 to {quiz.MaxFrames} frames, how many page faults does FIFO take? At which "
                 + "frame counts does it take more faults than with one frame fewer (Belady's anomaly)?");
        w.WriteLine();
        w.WriteLine("  frames  faults");
        for (int k = 1; k <= quiz.MaxFrames; k++)
        {
            string faults = request.Answers ? quiz.Faults(k).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
            bool more = request.Answers && quiz.AnomalyFrames.Contains(k);
            w.WriteLine($"  {k,6}  {faults,6}{(more ? $"  more than with {k - 1}: Belady's anomaly" : "")}".TrimEnd());
        }
        w.WriteLine();
        if (request.Answers)
            prose.Line($"Belady's anomaly at {string.Join(" and ", quiz.AnomalyFrames)} frames: more frames, more faults (FIFO lacks the stack property).");
        else
            AnswersCommand(w, $"mmaptk quiz belady --seed {request.Seed} -c");
        return 0;
    }
}
