using System.CommandLine;
using System.CommandLine.Parsing;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// Help for a command line that names commands badly: "did you mean" for a mistyped command (the closest name within a
/// couple of letters, or one it begins), and a command's subcommands when it was given alone and cannot run so
/// (<c>mmaptk pager</c> without --frames, <c>mmaptk trace</c>). System.CommandLine's own typo corrections come with
/// its default error output, which mmaptk replaces by one line (MmaptkCommandLine.Run), so they are made here.
/// </summary>
internal static class CommandSuggestions
{
    /// <summary>"'pagr' is not a command of mmaptk; did you mean 'pager'?" when the first unmatched word sits where a
    /// subcommand goes; null when the innermost command has no subcommands (the parser's message says it then).</summary>
    public static string? UnknownCommand(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (names.Count == 0) return null;
        string? word = parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-'));
        if (word is null) return null;
        string path = Path(parse.CommandResult);
        string? best = names
            .Select(n => (Name: n, Distance: Distance(word, n)))
            .Where(x => x.Distance <= Math.Max(1, x.Name.Length / 3) || (word.Length >= 2 && x.Name.StartsWith(word, StringComparison.Ordinal)))
            .OrderBy(x => x.Distance).Select(x => x.Name).FirstOrDefault();
        return best is null
            ? $"'{word}' is not a command of {path} (its commands: {string.Join(", ", names)})"
            : $"'{word}' is not a command of {path}; did you mean '{best}'?";
    }

    /// <summary>The subcommands of the command named alone on the line (every token a command's name), one per line
    /// with what it does; null when it has none or more was given.</summary>
    public static string? SubcommandsOfBareCommand(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count == 0 || parse.Tokens.Any(t => t.Type != TokenType.Command)) return null;
        var shown = command.Subcommands.Where(c => !c.Hidden).ToList();
        int width = shown.Max(c => c.Name.Length);
        var lines = shown.Select(c => $"  {Path(parse.CommandResult)} {c.Name.PadRight(width)}  {c.Description}");
        return $"{Path(parse.CommandResult)}'s commands:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Parent is null ? "mmaptk" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Letters inserted, removed, changed or swapped with their neighbour to turn <paramref name="a"/> into
    /// <paramref name="b"/> (optimal string alignment: "cots" is one from "cost").</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
