namespace MmapToolkit.Demos.Tests.Fuzz;

/// <summary>
/// Mutants of a scenario, as a careless or hostile author would write them: lines dropped, duplicated or swapped,
/// numbers turned to 0, -1 or huge, names turned into paths (into <see cref="EscapeDirectory"/>, which must stay
/// empty), very long names, page sets naming billions of pages, and steps borrowed from other demos (from
/// <paramref name="borrowed"/>). Deterministic: the same seed gives the same mutants.
/// </summary>
public sealed class ScenarioMutator(int seed, string escapeDirectory, IReadOnlyList<string> borrowed)
{
    private static readonly string[] Numbers =
        ["0", "-1", "1", "4096", "65536", "524288", "2147483647", "2147483648", "4294967296", "99999999999", "9223372036854775807", "1e9", "0x10"];

    private static readonly string[] PageSets =
        ["all", "0..2147483646", "0..268435455/1", "0..1048576", "2147483647", "-1", "5..1", "0..7/0", "0,,1", "..", "0..3x9",
         "0..31", "1..9", "0..63/8", "3,1,2,0"];

    private readonly Random _random = new(seed);

    /// <summary>Where every hostile path points: nothing may ever appear in it.</summary>
    public string EscapeDirectory { get; } = escapeDirectory;

    private string[] HostileNames =>
    [
        "../x", "..", ".", "a/b", EscapeDirectory + "/abs", string.Concat(Enumerable.Repeat("../", 16)) + EscapeDirectory.TrimStart('/') + "/rel",
        "ok/../../x", new string('n', 300), new string('m', 250), ".hidden", "-rf", "x\u0001y", "caf\u00e9",
    ];

    public string Mutate(string scenario)
    {
        var lines = scenario.Split('\n').ToList();
        int mutations = 1 + _random.Next(3);
        for (int i = 0; i < mutations; i++) MutateOnce(lines);
        return string.Join('\n', lines);
    }

    private void MutateOnce(List<string> lines)
    {
        int steps = lines.Count(IsStep);
        if (steps == 0) return;
        int at = StepIndex(lines, _random.Next(steps));
        switch (_random.Next(8))
        {
            case 0: lines.RemoveAt(at); break;
            case 1: lines.Insert(at, lines[at]); break;
            case 2:
                int other = StepIndex(lines, _random.Next(steps));
                (lines[at], lines[other]) = (lines[other], lines[at]);
                break;
            case 3: lines[at] = ReplaceToken(lines[at], t => char.IsAsciiDigit(t[0]) || t.StartsWith("value=", StringComparison.Ordinal), _ => Pick(Numbers)); break;
            case 4: lines[at] = ReplaceToken(lines[at], IsNameLike, _ => Pick(HostileNames)); break;
            case 5: lines[at] = ReplaceToken(lines[at], t => t == "all" || t.Contains("..", StringComparison.Ordinal) || char.IsAsciiDigit(t[0]), _ => Pick(PageSets)); break;
            case 6:
                if (borrowed.Count > 0) lines.Insert(at + _random.Next(2), borrowed[_random.Next(borrowed.Count)]);
                break;
            default:
                var words = Words(lines[at]);
                if (words.Length > 1) lines[at] = string.Join(' ', words[..^1]);
                break;
        }
    }

    /// <summary>The step lines of <paramref name="scenarios"/>, to borrow from.</summary>
    public static IReadOnlyList<string> StepLines(IEnumerable<string> scenarios) =>
        [.. scenarios.SelectMany(s => s.Split('\n')).Where(IsStep)];

    private static bool IsStep(string line)
    {
        var w = Words(line);
        return w.Length > 0 && w[0] is not ("demo" or "topic" or "story" or "agree" or "explain" or "differs");
    }

    private static int StepIndex(List<string> lines, int n)
    {
        for (int i = 0; i < lines.Count; i++)
            if (IsStep(lines[i]) && n-- == 0) return i;
        throw new InvalidOperationException("fewer steps than counted");
    }

    private static bool IsNameLike(string token) => token.Length > 0 && char.IsAsciiLetter(token[0]) && !token.Contains('=');

    /// <summary>Replaces one token after the step's verb that matches <paramref name="which"/>, chosen at random.</summary>
    private string ReplaceToken(string line, Func<string, bool> which, Func<string, string> by)
    {
        string code = line.Contains('#') ? line[..line.IndexOf('#')] : line;
        var words = Words(code);
        var candidates = Enumerable.Range(1, Math.Max(0, words.Length - 1)).Where(i => which(words[i])).ToList();
        if (candidates.Count == 0) return line;
        int i = candidates[_random.Next(candidates.Count)];
        words[i] = by(words[i]);
        return string.Join(' ', words);
    }

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];

    private static string[] Words(string line)
    {
        string code = line.Contains('#') ? line[..line.IndexOf('#')] : line;
        return code.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
