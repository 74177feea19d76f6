using Microsoft.Win32.SafeHandles;
using MmapToolkit.Agents;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Files;

namespace MmapToolkit.Demos.Kernels.Real;

/// <summary>
/// The real files a scenario declares, in the run's private <see cref="RunDirectory"/>, deleted on dispose. Data files
/// hold the scenario's pattern; a program is a copy of native/build/textprog; memory is a memfd. Each file leaves the
/// page cache after it is written, so the demo's first touch really reads it. Files are created exclusively (never
/// through an existing file or link), and only inside the run directory; system files are only ever read.
/// </summary>
internal sealed class ScenarioFiles : IDisposable
{
    private readonly RunDirectory _directory = RunDirectory.Create();
    private readonly Dictionary<string, (string Path, FileStep Step)> _files = [];
    private readonly List<SafeFileHandle> _memfds = [];

    public void Create(FileStep step, int pageSize)
    {
        string path;
        if (step.Kind == FileKind.System)
        {
            path = step.SystemPath!;
            // The parser checks a system file where it exists, and lets a missing one through for the model's sake.
            if (!File.Exists(path)) throw new FileNotFoundException($"line {step.Line}: the system file '{path}' does not exist here", path);
        }
        else if (step.Kind == FileKind.Memory)
        {
            var handle = MemoryFile.Create(step.File);
            _memfds.Add(handle);
            path = $"/proc/self/fd/{handle.DangerousGetHandle()}";
            RandomAccess.Write(handle, Pattern(step, pageSize), 0);
        }
        else
        {
            path = _directory.PathOf(step.File);
            if (step.IsProgram)
            {
                File.Copy(TextProgram.Path, path, overwrite: false);
            }
            else
            {
                using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                created.Write(Pattern(step, pageSize));
            }
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            PageCache.Evict(handle, path);
        }
        _files[step.File] = (path, step);
    }

    public string PathOf(string name) => _files[name].Path;

    /// <summary>The path of a file the run may write to: never a system file, whatever a scenario says.</summary>
    public string WritablePathOf(string name) => _files[name].Step.Kind == FileKind.System
        ? throw new InvalidOperationException($"'{name}' is a system file: a run never writes to it")
        : PathOf(name);

    /// <summary>A path in the run's private directory for a file the run makes (not a scenario file). Its name
    /// starts with '.', which no scenario name may, so it never meets a scenario's file.</summary>
    public string ScratchPath(string name) => _directory.PathOf("." + name);

    public FileStep StepOf(string name) => _files[name].Step;

    /// <summary>The sum of the file's bytes, read through a separate read(2), not through any mapping.</summary>
    public long Sum(string name)
    {
        using var handle = File.OpenHandle(PathOf(name), FileMode.Open, FileAccess.Read);
        long length = RandomAccess.GetLength(handle), sum = 0;
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < length;)
        {
            int n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0) break;
            for (int i = 0; i < n; i++) sum += buffer[i];
            offset += n;
        }
        return sum;
    }

    private static byte[] Pattern(FileStep step, int pageSize)
    {
        var bytes = new byte[(long)step.Pages * pageSize];
        for (int p = 0; p < step.Pages; p++) bytes.AsSpan(p * pageSize, pageSize).Fill(step.ByteAt(p));
        return bytes;
    }

    public void Dispose()
    {
        foreach (var fd in _memfds) fd.Dispose();
        _directory.Dispose();
    }
}
