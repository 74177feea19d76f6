using System.Text.Json;
using System.Text.Json.Serialization;

namespace MmapToolkit.Cli.Commands;

/// <summary>What every command shares: errors become one line on stderr and exit code 2, never a stack trace; JSON is snake_case.</summary>
internal static class CommandRunner
{
    internal const int UsageOrInputError = 2;
    internal const int InternalError = 70;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Runs a command body; known failures (bad input, failed syscalls, missing files) print "mmaptk: error: …".</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is SyscallException or ArgumentException or IOException or FormatException
                                      or InvalidOperationException or UnauthorizedAccessException
                                      or PlatformNotSupportedException or TimeoutException or OverflowException)
        {
            Console.Error.WriteLine($"mmaptk: error: {e.Message}");
            return UsageOrInputError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not bad input: one line that says so, and the exit code sysexits.h gives internal errors.
            Console.Error.WriteLine($"mmaptk: internal error: {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));
}
