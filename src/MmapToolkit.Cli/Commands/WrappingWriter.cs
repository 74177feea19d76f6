using System.Text;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// Sentences written line by line (sim's and quiz's text) wrapped at a width: a line longer than the width breaks
/// between words, its continuation lines indented two more than the line itself. Table lines (box-drawing characters)
/// pass unchanged, so a table is never cut into pieces. Only for text output: JSON and CSV use the plain writer.
/// A line is written when its newline arrives; <see cref="Flush"/> writes a last line that has none.
/// </summary>
internal sealed class WrappingWriter(TextWriter inner, int width) : TextWriter
{
    private readonly StringBuilder pending = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n') EmitPending();
        else pending.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "") Write(c);
    }

    public override void Flush()
    {
        if (pending.Length > 0)
        {
            string rest = pending.ToString();
            pending.Clear();
            foreach (string line in Wrap(rest, width)) inner.Write(line == rest ? line : line + '\n');
        }
        inner.Flush();
    }

    private void EmitPending()
    {
        string line = pending.ToString().TrimEnd('\r');
        pending.Clear();
        foreach (string part in Wrap(line, width)) inner.WriteLine(part);
    }

    /// <summary>The line's pieces: itself when it fits or is part of a table, else words filled up to the width.</summary>
    internal static IEnumerable<string> Wrap(string line, int width)
    {
        if (line.Length <= width || line.Any(IsBoxDrawing))
        {
            yield return line;
            yield break;
        }
        int indent = line.Length - line.TrimStart(' ').Length;
        string continuation = new(' ', Math.Min(indent + 2, width / 2));
        var current = new StringBuilder(line[..indent]);
        bool empty = true;
        foreach (string word in line[indent..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && current.Length + 1 + word.Length > width)
            {
                yield return current.ToString();
                current.Clear().Append(continuation);
                empty = true;
            }
            if (!empty) current.Append(' ');
            current.Append(word);
            empty = false;
        }
        yield return current.ToString();
    }

    private static bool IsBoxDrawing(char c) => c is >= '\u2500' and <= '\u257f';
}
