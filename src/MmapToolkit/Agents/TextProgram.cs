using System.Diagnostics;
using System.Globalization;

namespace MmapToolkit.Agents;

/// <summary>
/// textprog (native/src/programs/textprog.c, built as native/build/textprog): a real, dynamically linked program whose
/// text holds a block of 32 functions, one per page, for the demos "text loaded on demand at exec" and "text
/// shared between processes". <c>textprog 3 5</c> executes text pages 3 and 5 of the block, then pauses until
/// killed. Run it in a <see cref="ChildAgent"/> with <see cref="ChildAgent.Exec"/> and <see cref="Arguments"/>;
/// find its text pages in the running process with <see cref="PageAddresses"/>.
/// </summary>
public static class TextProgram
{
    /// <summary>The program's file name, in native/build/ and in the package.</summary>
    public const string FileName = "textprog";

    /// <summary>Environment variable that names the program explicitly.</summary>
    public const string PathVariable = "MMAPTK_TEXTPROG";

    private static readonly Lazy<string> s_path = new(Locate);
    private static readonly Lazy<TextLayout> s_layout = new(() => ReadLayout(Path));

    /// <summary>The program: $MMAPTK_TEXTPROG, else next to the assemblies, else in a directory the .NET host searches
    /// for native libraries (the MmapToolkit package's runtimes/linux-x64/native/), else native/build/textprog in a
    /// directory above the assemblies (a source checkout). <see cref="FileNotFoundException"/> names where it looked.</summary>
    public static string Path => s_path.Value;

    /// <summary>The layout of the text block (the same in every copy of the file and every process running it).</summary>
    public static TextLayout Layout => s_layout.Value;

    /// <summary>Runs <c>PROGRAM --print-layout --exit</c> and parses its answer.</summary>
    public static TextLayout ReadLayout(string programPath)
    {
        var start = new ProcessStartInfo(programPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--print-layout");
        start.ArgumentList.Add("--exit");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {programPath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            process.WaitForExit();
            throw new TimeoutException($"{programPath} --print-layout did not finish within 10 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{programPath} --print-layout exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return TextLayout.Parse(stdout.Result);
    }

    /// <summary>textprog's arguments: call these text pages, then create <paramref name="readyFile"/> (when given)
    /// so that <see cref="WaitUntilReady"/> knows the calls are done.</summary>
    public static string[] Arguments(string? readyFile, params int[] pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        foreach (int p in pages)
            if (p < 0 || p >= Layout.Pages)
                throw new ArgumentOutOfRangeException(nameof(pages), p, $"textprog has text pages 0..{Layout.Pages - 1}");
        var args = new List<string>();
        if (readyFile is not null) { args.Add("--ready-file"); args.Add(readyFile); }
        args.AddRange(pages.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return [.. args];
    }

    /// <summary>Waits until textprog, running in <paramref name="agent"/>, has created its ready file.</summary>
    public static void WaitUntilReady(ChildAgent agent, string readyFile, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(readyFile))
        {
            if (agent.HasEnded)
                throw new InvalidOperationException($"{agent} ended before creating {readyFile}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{agent} did not create {readyFile} within {timeout.TotalSeconds:0.###} s");
            Thread.Sleep(2);
        }
    }

    /// <summary>
    /// The virtual address of each page of the text block in process <paramref name="pid"/>, which must run
    /// textprog (or a copy of it): from /proc/PID/maps, the mapping of /proc/PID/exe that covers the block's
    /// file offset.
    /// </summary>
    public static nint[] PageAddresses(int pid, TextLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string exe = new FileInfo($"/proc/{pid}/exe").LinkTarget
            ?? throw new InvalidOperationException($"/proc/{pid}/exe is not readable");
        var maps = File.ReadAllLines($"/proc/{pid}/maps");
        var addresses = new nint[layout.Pages];
        for (int i = 0; i < layout.Pages; i++)
        {
            long fileOffset = layout.FileOffset + (long)i * layout.Stride;
            addresses[i] = FindInMaps(maps, exe, fileOffset)
                ?? throw new InvalidOperationException($"process {pid} has no mapping of {exe} at file offset 0x{fileOffset:x}: is it running textprog?");
        }
        return addresses;
    }

    private static nint? FindInMaps(string[] maps, string path, long fileOffset)
    {
        foreach (string line in maps)
        {
            // start-end perms offset dev inode path
            var f = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 6 || f[5].Trim() != path) continue;
            var range = f[0].Split('-');
            long start = Convert.ToInt64(range[0], 16), end = Convert.ToInt64(range[1], 16);
            long offset = Convert.ToInt64(f[2], 16);
            if (fileOffset >= offset && fileOffset < offset + (end - start))
                return (nint)(start + (fileOffset - offset));
        }
        return null;
    }

    private static string Locate()
    {
        var looked = new List<string>();
        string? fromEnv = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            if (File.Exists(fromEnv)) return System.IO.Path.GetFullPath(fromEnv);
            looked.Add(fromEnv + $" (${PathVariable})");
        }
        else looked.Add($"${PathVariable} (not set)");
        string next = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(next)) return next;
        looked.Add(next);
        // From the NuGet package textprog sits beside libmmaptk.so in runtimes/linux-x64/native/, a directory the
        // .NET host lists here when the app is not published for one runtime.
        foreach (string dir in NativeSearchDirectories())
        {
            string candidate = System.IO.Path.Combine(dir, FileName);
            if (File.Exists(candidate)) return candidate;
            looked.Add(candidate);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "native", "build", FileName);
            if (File.Exists(candidate)) return candidate;
        }
        looked.Add("native/build/textprog above " + AppContext.BaseDirectory);
        throw new FileNotFoundException(
            $"textprog not found (build it with `make -C native`, or reference the MmapToolkit package, which carries it); looked in: {string.Join("; ", looked)}", FileName);
    }

    private static IEnumerable<string> NativeSearchDirectories() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
}
