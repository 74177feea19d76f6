using System.Globalization;
using System.Text.RegularExpressions;

namespace MmapToolkit.Cli.Commands;

/// <summary>How a demo's step and counter values are shown outside the scenario file: the step without the file's
/// column padding, and a counter's value as a JSON number when it is one.</summary>
internal static partial class DemoText
{
    /// <summary>"map     main heap 16" -> "map main heap 16": scenario files align their columns with spaces; the
    /// table and JSON show the step as words (no step argument is quoted text in which spaces would matter).</summary>
    public static string Step(string step) => Spaces().Replace(step.Trim(), " ");

    /// <summary>A counter's value for JSON: a long or a decimal when the text is exactly one ("4", "0.003982"), else the
    /// text ("0-15", "p0=2 p1=2"), null when not available.</summary>
    public static object? JsonValue(string? value)
    {
        if (value is null) return null;
        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) return n;
        if (Decimal().IsMatch(value) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal d)) return d;
        return value;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^-?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?[0-9]+\.[0-9]+$")]
    private static partial Regex Decimal();
}
