namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// The names a scenario gives to files, processes and regions. A file's name becomes a path in the run's private
/// directory and a memfd's name, so every name is a plain name: letters, digits, '_', '-' and '.', not starting with
/// '.' or '-', at most <see cref="MaxLength"/> characters. Nothing a shared scenario names can reach outside the run.
/// </summary>
public static class ScenarioNames
{
    /// <summary>Fits memfd_create's 249-byte name and NAME_MAX (255) with room to spare, and keeps tables readable.</summary>
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="name"/> cannot name a <paramref name="what"/> (a file, a process, a region), or null.</summary>
    public static string? Problem(string name, string what)
    {
        if (name.Length == 0) return $"a {what} needs a name";
        if (name.Contains('/'))
            return $"'{Shown(name)}' contains '/': a {what} name is a plain name (the run writes only inside its own directory)";
        if (name is "." or "..") return $"'{name}' is not a {what} name: a name is a plain name, not a directory";
        if (name.Length > MaxLength) return $"a {what} name is at most {MaxLength} characters; this one has {name.Length}";
        if (name[0] is '.' or '-') return $"'{Shown(name)}' starts with '{name[0]}': a {what} name starts with a letter, a digit or '_'";
        foreach (char c in name)
        {
            if (!IsAllowed(c))
                return $"'{Shown(name)}' contains {Describe(c)}: a {what} name has only letters, digits, '_', '-' and '.'";
        }
        return null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";

    /// <summary>The name as it can be printed: control characters as U+XXXX, cut after 40 characters.</summary>
    private static string Shown(string name)
    {
        var shown = string.Concat(name.Take(40).Select(c => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString()));
        return name.Length > 40 ? shown + "…" : shown;
    }
}
