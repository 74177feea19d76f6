using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using MmapToolkit.Interop;
using MmapToolkit.Observers;
using MmapToolkit.Pager;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// What every command shares: a validation step, then a run; an error is one line on stderr, never a stack trace;
/// JSON is snake_case. Exit codes: 0 done, 1 the work failed (a system call, the machine, a bug), 2 input the user can
/// fix (nothing or little ran).
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

    /// <summary>
    /// A command's action: <paramref name="validate"/> builds the request from the parsed options and checks it (the
    /// library's options types say what they refuse); then <paramref name="run"/> writes to the invocation's output.
    /// Errors go to the invocation's error writer.
    /// </summary>
    public static int Run<TRequest>(ParseResult parse, Func<TRequest> validate, Func<TRequest, CommandOutput, int> run)
        => Run(validate, request => run(request, CommandOutput.For(parse)), parse.InvocationConfiguration.Error);

    /// <summary>
    /// The two steps with the error line written to <paramref name="errors"/>. Everything the validation step refuses
    /// (an <see cref="ArgumentException"/> or a file that does not parse) is input: exit 2. Once it has passed, only
    /// the input errors' own types (<see cref="IsBadInput"/>) are; an ArgumentException there is a bug.
    /// </summary>
    internal static int Run<TRequest>(Func<TRequest> validate, Func<TRequest, int> run, TextWriter errors)
    {
        TRequest request;
        try
        {
            request = validate();
        }
        catch (ArgumentException e)
        {
            return Report(errors, $"mmaptk: error: {OneLine(e)}", UsageOrInputError);
        }
        catch (Exception e)
        {
            return Handle(e, errors);
        }
        try
        {
            return run(request);
        }
        catch (Exception e)
        {
            return Handle(e, errors);
        }
    }

    /// <summary>
    /// The validation step alone, for a command whose run must not be caught (the crash probe must end the process as
    /// the crash ends it): the request, or null after the error line has been written.
    /// </summary>
    public static TRequest? Validate<TRequest>(ParseResult parse, Func<TRequest> validate) where TRequest : class
    {
        TRequest? request = null;
        int code = Run(validate, r => { request = r; return 0; }, parse.InvocationConfiguration.Error);
        return code == 0 ? request : null;
    }

    /// <summary>A body that is all validation step, the error line written to <paramref name="errors"/>: for the tests
    /// of how each exception becomes a line and a code. Commands give Run its two steps.</summary>
    internal static int Run(Func<int> body, TextWriter errors) => Run(body, code => code, errors);

    private static int Handle(Exception e, TextWriter errors)
    {
        if (IsBadInput(e)) return Report(errors, $"mmaptk: error: {OneLine(e)}", UsageOrInputError);
        if (e is OutOfMemoryException)
        {
            // The allocation that failed is gone, so there is room to say so. Where a bound is knowable the commands
            // check it up front; this catches the rest (a machine with less memory than the limits assume).
            long heldMb = GC.GetTotalMemory(forceFullCollection: false) >> 20;
            long availableMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20;
            return Report(errors, $"mmaptk: error: out of memory: the input needs more than this machine gives "
                                  + $"(this process held {heldMb:N0} MB of {availableMb:N0} MB available); ask for a smaller size", UsageOrInputError);
        }
        if (IsFailure(e)) return Report(errors, $"mmaptk: error: {OneLine(e)}", Failure);
        // A bug, not bad input: one line that says so and names the type, for the bug report.
        return Report(errors, $"mmaptk: internal error: {e.GetType().Name}: {OneLine(e)}", Failure);
    }

    private static int Report(TextWriter errors, string line, int code)
    {
        errors.WriteLine(line);
        return code;
    }

    /// <summary>
    /// The input errors by type, wherever they are thrown: a file the user named that does not parse (a trace, a
    /// scenario) or is not there, a process that is not there or has no memory to show, and a size this machine cannot
    /// hold (ENOMEM from mmap, or a pager region refused for its size or arguments). Not an InvalidOperationException
    /// in general: a disposed object or a model errno is a failure of the work.
    /// </summary>
    internal static bool IsBadInput(Exception e)
        => e is FormatException or FileNotFoundException or DirectoryNotFoundException
                or ProcessNotFoundException or NoAddressSpaceException or OutOfAddressSpaceException
                or PagerException { Errno: Errno.ENOMEM or Errno.EINVAL } or ProgramNotRunnableException;

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
}
