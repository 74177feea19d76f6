using System.Globalization;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Reads reference strings. Tokens are separated by whitespace (newlines included): a non-negative integer page
/// number, optionally followed by 'w' (a store) or 'r' (a load, the default), e.g. "0 1w 2 3r". '#' starts a comment
/// that runs to the end of the line. Anything else is a <see cref="FormatException"/> whose message names the source,
/// the line number and the bad token.
/// </summary>
public static class TraceParser
{
    public static IReadOnlyList<PageReference> Parse(string text, string sourceName = "trace")
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<PageReference>();
        int line = 1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '#') i++;
            result.Add(ParseToken(text.AsSpan(start, i - start), sourceName, line));
        }
        return result;
    }

    public static IReadOnlyList<PageReference> ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"trace file '{path}' does not exist", path);
        return Parse(File.ReadAllText(path), path);
    }

    private static PageReference ParseToken(ReadOnlySpan<char> token, string source, int line)
    {
        bool write = false;
        var digits = token;
        char last = token[^1];
        if (last is 'w' or 'W' or 'r' or 'R')
        {
            write = last is 'w' or 'W';
            digits = token[..^1];
        }
        if (digits.Length == 0 || !IsAllDigits(digits)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long page))
        {
            throw new FormatException(
                $"{source}: line {line}: bad token '{token.ToString()}' (expected a non-negative page number, optionally followed by 'w' or 'r')");
        }
        return new PageReference(page, write);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}
