using MmapToolkit.Files;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk faults</c>, parsed; <see cref="Validate"/> refuses bad input before anything runs.</summary>
internal sealed record FaultsRequest(string[] Program, int? Pid, double? Seconds, bool Json, bool Csv, string? TraceOut,
                                     int Timeline, int BufferPages, bool RequireCauses = false)
{
    internal const double MaxSeconds = 3600;
    internal const int MaxTimeline = 100_000;

    /// <summary>Throws ArgumentException (exit 2) for input the user can fix, naming it in one line.</summary>
    public void Validate()
    {
        if (Pid is null && Program.Length == 0)
            throw new ArgumentException("give a program to run after -- (mmaptk faults -- ls), or --pid N --seconds S");
        if (Pid is not null && Program.Length > 0)
            throw new ArgumentException($"give either a program or --pid, not both (got --pid {Pid} and '{Program[0]}')");
        if (Program.Length > 0 && Program[0].Length == 0) throw new ArgumentException("the program name after -- is empty");
        if (Program.Any(a => a.Contains('\0'))) throw new ArgumentException("the program and its arguments may not contain a NUL character");
        if (Pid is { } p && p <= 0) throw new ArgumentException($"--pid must be a positive process id, got {p}");
        if (Pid is not null && Seconds is null) throw new ArgumentException("--pid needs --seconds S: how long to record the process");
        if (Pid is null && Seconds is not null) throw new ArgumentException("--seconds goes with --pid; a program is recorded until it exits");
        if (Seconds is { } s && !(s > 0 && s <= MaxSeconds)) throw new ArgumentException($"--seconds must be more than 0 and at most {MaxSeconds}, got {s}");
        if (Json && Csv) throw new ArgumentException("give only one of --json and --csv");
        if (Timeline is < 0 or > MaxTimeline) throw new ArgumentException($"--timeline must be from 0 to {MaxTimeline}, got {Timeline}");
        if (BufferPages < 1 || BufferPages > 1 << 16 || (BufferPages & (BufferPages - 1)) != 0)
            throw new ArgumentException($"--buffer-pages must be a power of two from 1 to 65536, got {BufferPages}");
        if (TraceOut is { } path)
        {
            if (path.Length == 0) throw new ArgumentException("--trace-out needs a file name, got an empty string");
            var type = FileTypes.Of(path);
            if (type is not (FileType.Missing or FileType.RegularFile))
                throw new ArgumentException($"--trace-out '{path}' is {FileTypes.Describe(type)}, not a file to write");
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null && !Directory.Exists(dir))
                throw new DirectoryNotFoundException($"--trace-out '{path}': the directory {dir} does not exist");
        }
    }
}
