namespace MmapToolkit.Cli.Commands;

/// <summary>How the command line spells a library option in its messages: the library's options types name each value
/// through a function they are given, and the command line gives this one ("ForkSizes" or "forkSizes" is "--fork-sizes").</summary>
internal static class OptionNames
{
    public static string Of(string property)
    {
        var name = new System.Text.StringBuilder("--");
        for (int i = 0; i < property.Length; i++)
        {
            char c = property[i];
            if (char.IsUpper(c) && i > 0) name.Append('-');
            name.Append(char.ToLowerInvariant(c));
        }
        return name.ToString();
    }
}
