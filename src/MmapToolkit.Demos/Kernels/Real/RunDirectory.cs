using System.Runtime.InteropServices;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Files;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>
/// The private directory a real-side run writes in, and the only place it writes: $TMPDIR/mmaptk-demo-PID-XXXXXX,
/// mode 0700. Deleted on dispose, and also when the process is ended by SIGINT or SIGTERM; directories left by a run
/// that was killed outright (SIGKILL) are swept by the next run of the same user. A run holds an exclusive lock on
/// <see cref="LockName"/> inside its directory for as long as it lives, so a sweep in another PID namespace sharing
/// the same TMPDIR (where the pid in the name says nothing) still sees that the run is alive.
/// </summary>
internal sealed class RunDirectory : IDisposable
{
    public const string Prefix = "mmaptk-demo-";

    /// <summary>Starts with '.', which no scenario name may, so a scenario cannot create or replace it.</summary>
    public const string LockName = ".mmaptk-run.lock";

    private static readonly object s_lock = new();
    private static readonly HashSet<string> s_live = [];
    private static PosixSignalRegistration[]? s_signals;
    private static bool s_swept, s_ending;

    private readonly FileStream _lock;

    private RunDirectory(string path, FileStream held)
    {
        Path = path;
        _lock = held;
    }

    public string Path { get; }

    /// <summary>A new run directory; the first one in this process first sweeps stale ones and arms the signal cleanup.</summary>
    public static RunDirectory Create()
    {
        string temp = System.IO.Path.GetTempPath();
        if (FileStatus.Of(temp) is not { Type: FileType.Directory })
            throw new DirectoryNotFoundException(
                $"the temporary directory '{temp}' does not exist or is not a directory: set TMPDIR to a writable directory");
        lock (s_lock)
        {
            if (s_ending) throw new InvalidOperationException("the process is ending (SIGINT or SIGTERM): no new run starts");
            if (!s_swept)
            {
                s_swept = true;
                SweepStale(temp);
            }
            ArmSignalCleanup();
            string path;
            try
            {
                // The pid in the name tells whose run a leftover directory came from.
                path = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot create the demo's run directory in the temporary directory '{temp}' (set TMPDIR to a writable directory): {e.Message}", e);
            }
            FileStream held;
            try
            {
                // FileShare.None is flock(LOCK_EX) on Linux: held until this run disposes (or dies).
                held = new FileStream(System.IO.Path.Combine(path, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Delete(path);
                throw new IOException($"cannot lock the demo's run directory {path}: {e.Message}", e);
            }
            s_live.Add(path);
            return new RunDirectory(path, held);
        }
    }

    /// <summary>
    /// The path of <paramref name="name"/> in this directory. Refuses any name that is not a plain name or would
    /// resolve anywhere else: the parser already refuses such names; this is the last line of defence.
    /// </summary>
    public string PathOf(string name)
    {
        bool plain = name.Length is > 0 and <= 255 && name is not ("." or "..") && !name.Contains('/') && !name.Contains('\0');
        string? full = plain ? System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name)) : null;
        if (full is null || System.IO.Path.GetDirectoryName(full) != Path)
            throw new InvalidOperationException($"'{name}' is not a plain file name: a run writes only inside its own directory {Path}");
        return full;
    }

    public void Dispose()
    {
        lock (s_lock)
        {
            s_live.Remove(Path);
            Delete(Path);
            _lock.Dispose();
        }
    }

    /// <summary>
    /// Deletes every run directory in <paramref name="temp"/> whose run is gone: named mmaptk-demo-PID-*, a directory
    /// (not a link) owned by this user, and its lock free (taken while deleting). A directory without a lock (made by
    /// an older version, or in the instant between creating it and locking) is judged by the pid: no process PID
    /// alive. Returns the directories deleted.
    /// </summary>
    internal static IReadOnlyList<string> SweepStale(string temp)
    {
        var swept = new List<string>();
        uint me = FileStatus.EffectiveUserId;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(temp, Prefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return swept;
        }
        foreach (string dir in candidates)
        {
            string rest = System.IO.Path.GetFileName(dir)[Prefix.Length..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || pid <= 0) continue;
            if (pid == Environment.ProcessId) continue;
            try
            {
                var info = new DirectoryInfo(dir);
                if (info.LinkTarget is not null) continue;
                if (FileStatus.Of(dir) is not { Type: FileType.Directory } status || status.Owner != me) continue;
                string lockPath = System.IO.Path.Combine(dir, LockName);
                if (FileStatus.Of(lockPath) is { Type: FileType.RegularFile })
                {
                    // Throws IOException while the run holds it.
                    using var taken = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                    info.Delete(recursive: true);
                }
                else
                {
                    // A run locks its directory an instant after creating it: a lock-less directory this young may be
                    // a live run in another PID namespace, whose pid says nothing here.
                    if (Directory.Exists($"/proc/{pid}") || DateTime.UtcNow - info.LastWriteTimeUtc < TimeSpan.FromMinutes(10)) continue;
                    info.Delete(recursive: true);
                }
                swept.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException)
            {
                // Another user's, or being swept by another run at the same time: leave it.
            }
        }
        return swept;
    }

    /// <summary>On SIGINT or SIGTERM, delete the live run directories; the signal then ends the process as usual.</summary>
    private static void ArmSignalCleanup()
    {
        if (s_signals is not null || !OperatingSystem.IsLinux()) return;
        s_signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => DeleteLive()),
                     PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => DeleteLive())];
    }

    private static void DeleteLive()
    {
        lock (s_lock)
        {
            s_ending = true;
            foreach (string path in s_live) Delete(path);
            s_live.Clear();
        }
    }

    private static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
