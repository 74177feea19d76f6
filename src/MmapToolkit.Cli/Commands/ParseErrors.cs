using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// Parse errors in plain words. System.CommandLine names .NET types ("as expected type
/// 'System.Nullable`1[System.Int32]'"); a value that does not convert becomes "--pid expects a whole number, got 'x'".
/// </summary>
internal static class ParseErrors
{
    /// <summary>All of a parse's errors, for one line on stderr.</summary>
    public static string Describe(ParseResult parse)
        => string.Join("; ", parse.Errors.Select(Describe).Distinct().Reverse());

    public static string Describe(ParseError error)
    {
        var (name, type, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult a => (a.Argument.Name, a.Argument.ValueType, a.Tokens),
            _ => (null, null, null),
        };
        if (name is not null && tokens is { Count: 1 } && Expectation(type!) is { } expects)
        {
            string value = tokens[0].Value;
            if (!Converts(type!, value))
                return $"{name} expects {expects}, got {(value.Length == 0 ? "an empty string" : $"'{value}'")}";
        }
        return error.Message.TrimEnd('.');
    }

    // What a numeric type accepts, in words; null for other types (their messages need no translation).
    private static string? Expectation(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int)) return Whole(int.MinValue, int.MaxValue);
        if (type == typeof(long)) return Whole(long.MinValue, long.MaxValue);
        if (type == typeof(uint)) return Whole(uint.MinValue, uint.MaxValue);
        if (type == typeof(ulong)) return Whole(ulong.MinValue, ulong.MaxValue);
        if (type == typeof(double) || type == typeof(float)) return "a number (like 2 or 0.5)";
        return null;

        static string Whole<T>(T min, T max) where T : INumber<T>
            => T.IsZero(min) ? $"a whole number from 0 to {max}" : $"a whole number from {min} to {max}";
    }

    private static bool Converts(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var c = CultureInfo.InvariantCulture;
        return type == typeof(int) ? int.TryParse(value, c, out _)
             : type == typeof(long) ? long.TryParse(value, c, out _)
             : type == typeof(uint) ? uint.TryParse(value, c, out _)
             : type == typeof(ulong) ? ulong.TryParse(value, c, out _)
             : type == typeof(double) ? double.TryParse(value, c, out _)
             : type == typeof(float) && float.TryParse(value, c, out _);
    }
}
