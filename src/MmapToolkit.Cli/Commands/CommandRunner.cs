using System.Text.Json;
using System.Text.Json.Serialization;
using MmapToolkit.Interop;
using MmapToolkit.Observers;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// What every command shares: an error is one line on stderr, never a stack trace; JSON is snake_case.
/// Exit codes: 0 done, 1 the work failed (a system call, the machine, a bug), 2 bad input (nothing or little ran).
/// </summary>
internal static class CommandRunner
{
    internal const int Failure = 1;
    internal const int UsageOrInputError = 2;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Runs a command body and turns what it throws into "mmaptk: error: …" on stderr and an exit code.</summary>
    public static int Run(Func<int> body) => Run(body, Console.Error);

    /// <summary>The same, with the error line written to <paramref name="errors"/>.</summary>
    internal static int Run(Func<int> body, TextWriter errors)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            errors.WriteLine($"mmaptk: error: {OneLine(e)}");
            return UsageOrInputError;
        }
        catch (OutOfMemoryException)
        {
            // The allocation that failed is gone, so there is room to say so. Where a bound is knowable the commands
            // check it up front; this catches the rest (a machine with less memory than the limits assume).
            long heldMb = GC.GetTotalMemory(forceFullCollection: false) >> 20;
            long availableMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20;
            errors.WriteLine($"mmaptk: error: out of memory: the input needs more than this machine gives "
                                  + $"(this process held {heldMb:N0} MB of {availableMb:N0} MB available); ask for a smaller size");
            return UsageOrInputError;
        }
        catch (Exception e) when (IsFailure(e))
        {
            errors.WriteLine($"mmaptk: error: {OneLine(e)}");
            return Failure;
        }
        catch (Exception e)
        {
            // A bug, not bad input: one line that says so and names the type, for the bug report.
            errors.WriteLine($"mmaptk: internal error: {e.GetType().Name}: {OneLine(e)}");
            return Failure;
        }
    }

    /// <summary>
    /// The input errors: what the toolkit throws for a value it refuses (ArgumentException and its kind, a trace or
    /// scenario that does not parse, a file or process that is not there or has no memory to show), and a size this
    /// machine cannot hold (ENOMEM from mmap, or a pager region refused for its size or arguments).
    /// </summary>
    internal static bool IsBadInput(Exception e)
        => e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException
                or ProcessNotFoundException or NoAddressSpaceException or OutOfAddressSpaceException
                or PagerException { Errno: Errno.ENOMEM or Errno.EINVAL };

    /// <summary>
    /// Failures of the work itself, each already explained by its message: a system call and its errno, the model's
    /// errno, an I/O error, missing privileges, a timeout, an object used after disposal.
    /// </summary>
    internal static bool IsFailure(Exception e)
        => e is SyscallException or IOException or UnauthorizedAccessException or PlatformNotSupportedException
                or TimeoutException or InvalidOperationException;

    /// <summary>
    /// The message as one line, without .NET's additions for argument errors: " (Parameter 'x')" goes, and
    /// ArgumentOutOfRangeException's second line "Actual value was 7." becomes " (got 7)".
    /// </summary>
    internal static string OneLine(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            int newline = message.IndexOf('\n');
            string first = newline < 0 ? message : message[..newline];
            first = first.Replace($" (Parameter '{name}')", "");
            if (e is ArgumentOutOfRangeException { ActualValue: { } actual }) first += $" (got {actual})";
            message = first;
        }
        return string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));
}
