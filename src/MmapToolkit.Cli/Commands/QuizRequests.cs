using System.Globalization;
using MmapToolkit.Model.Quiz;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk quiz belady</c> and <c>quiz cow</c>: the seed, whether to answer, JSON or text.</summary>
internal sealed record SeededQuizRequest(ulong Seed, bool Answers, bool Json);

/// <summary>The options of <c>mmaptk quiz replacement</c>, checked: a known policy, a frame count in range, and the
/// reference string (given, or generated from the seed).</summary>
internal sealed record ReplacementQuizRequest(ulong Seed, IReadOnlyList<long> Addresses, bool Generated, string Policy, int Frames,
                                              bool Answers, bool Json)
{
    public static ReplacementQuizRequest From(ulong seed, string? addresses, string policy, int frames, bool answers, bool json)
    {
        string name = PolicyFactory.Normalize(policy);
        if (frames is < 1 or > ReplacementQuiz.MaxFrames)
            throw new ArgumentException($"--frames {frames}: a quiz takes 1 to {ReplacementQuiz.MaxFrames} frames");
        var pages = addresses is null ? ReplacementQuiz.Generate(seed) : ParseAddresses(addresses);
        return new ReplacementQuizRequest(seed, pages, addresses is null, name, frames, answers, json);
    }

    /// <summary>"1,2, 3": page numbers separated by commas (spaces around them allowed), 1 to MaxAddresses of them.</summary>
    internal static long[] ParseAddresses(string text)
    {
        var parts = text.Split(',');
        if (parts.Length > ReplacementQuiz.MaxAddresses)
            throw new ArgumentException($"--addresses: at most {ReplacementQuiz.MaxAddresses} page numbers in a quiz, got {parts.Length}");
        var pages = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].Trim();
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pages[i]))
                throw new ArgumentException(p.Length == 0
                    ? $"--addresses '{text}': an empty entry (page numbers separated by commas, e.g. 0,1,2,0)"
                    : $"--addresses '{text}': '{p}' is not a page number (a whole number from 0 to {long.MaxValue})");
        }
        return pages;
    }
}
