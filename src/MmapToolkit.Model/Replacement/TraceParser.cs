using System.Globalization;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Reads reference strings. Tokens are separated by whitespace (newlines included): a non-negative integer page
/// number, optionally followed by 'w' (a store) or 'r' (a load, the default), e.g. "0 1w 2 3r". '#' starts a comment
/// that runs to the end of the line. Anything else is a <see cref="FormatException"/> whose message names the source,
/// the line number and the bad token.
/// <para>Limits (each reference costs about 50 bytes while a trace is simulated): at most
/// <see cref="MaxReferences"/> references, and a trace file of at most <see cref="MaxFileBytes"/> bytes. Text is read as
/// a stream, so a file is never held in memory whole.</para>
/// </summary>
public static class TraceParser
{
    /// <summary>The most references one trace may hold (about 500 MB while simulated).</summary>
    public const int MaxReferences = 10_000_000;

    /// <summary>The largest trace file read (256 MiB): room for the largest trace with long page numbers and comments.</summary>
    public const long MaxFileBytes = 256L << 20;

    // The longest token worth reading: long.MaxValue has 19 digits, plus a 'w'/'r'.
    private const int MaxTokenLength = 20;

    public static IReadOnlyList<PageReference> Parse(string text, string sourceName = "trace")
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, sourceName);
    }

    /// <summary>Parses a stream of text, one buffer at a time.</summary>
    /// <param name="charsRead">Told how many characters have been read so far, after each buffer.</param>
    public static IReadOnlyList<PageReference> Parse(TextReader reader, string sourceName = "trace", IProgress<long>? charsRead = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<PageReference>();
        Span<char> token = stackalloc char[MaxTokenLength];
        int tokenLength = 0;
        bool inComment = false;
        int line = 1;
        long total = 0;
        var buffer = new char[1 << 16];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            for (int i = 0; i < n; i++)
            {
                char c = buffer[i];
                bool separator = c == '#' || char.IsWhiteSpace(c);
                if (separator || inComment)
                {
                    if (tokenLength > 0) Finish(token, ref tokenLength);
                    if (c == '\n') { line++; inComment = false; }
                    else if (c == '#') inComment = true;
                    continue;
                }
                // No page number is this long: fail now rather than read on (a device may never send a separator).
                if (tokenLength == MaxTokenLength) throw BadToken(token.ToString() + "...", sourceName, line);
                token[tokenLength++] = c;
            }
            charsRead?.Report(total);
        }
        if (tokenLength > 0) Finish(token, ref tokenLength);
        return result;

        void Finish(Span<char> t, ref int length)
        {
            if (result.Count == MaxReferences)
                throw new ArgumentException($"{sourceName}: more than {MaxReferences:N0} references (line {line}); "
                                          + "the simulator holds at most that many: cut the trace or sample it");
            result.Add(ParseToken(t[..length], sourceName, line));
            length = 0;
        }
    }

    /// <summary>
    /// Reads a trace file. The path must name a file of at most <see cref="MaxFileBytes"/> bytes: a directory, a missing
    /// file or a larger one is refused by name before anything is read.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bytesRead">Told how much has been read so far (characters, which are bytes for a trace).</param>
    public static IReadOnlyList<PageReference> ParseFile(string path, IProgress<long>? bytesRead = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new ArgumentException($"trace file '{path}' is a directory, not a file of page numbers");
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"trace file '{path}' does not exist", path);
        if (info.Length > MaxFileBytes)
            throw new ArgumentException($"trace file '{path}' is {info.Length:N0} bytes; the limit is {MaxFileBytes:N0} bytes (256 MiB)");
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        // A device or /proc file reports length 0 and may never end: read at most the limit, then refuse.
        var bounded = new BoundedReader(reader, MaxFileBytes, path);
        return Parse(bounded, path, bytesRead);
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
            throw BadToken(token.ToString(), source, line);
        }
        return new PageReference(page, write);
    }

    private static FormatException BadToken(string token, string source, int line)
        => new($"{source}: line {line}: bad token '{Printable(token)}' (expected a non-negative page number, optionally followed by 'w' or 'r')");

    // Control characters (a NUL from a binary file, say) shown as \xNN so the message stays one readable line.
    private static string Printable(string token)
        => string.Concat(token.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>Passes at most <c>limit</c> characters through, then fails naming the file.</summary>
    private sealed class BoundedReader(TextReader inner, long limit, string path) : TextReader
    {
        private long _read;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = inner.Read(buffer, index, count);
            _read += n;
            if (_read > limit)
                throw new ArgumentException($"trace file '{path}' holds more than {limit:N0} bytes (the limit, 256 MiB); "
                                          + "it is not a regular file of that size, or it grew while read");
            return n;
        }
    }
}
