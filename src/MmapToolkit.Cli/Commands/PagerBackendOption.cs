using System.CommandLine;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>--backend uffd|sigsegv</c>, shared by <c>pager</c>, <c>pager stress</c> and <c>pager cost</c>: absent means
/// the library's default (userfaultfd where the kernel profile finds it usable, else SIGSEGV).</summary>
internal static class PagerBackendOption
{
    public static Option<string?> Create() => new("--backend")
    {
        Description = "How the pager takes faults: uffd (userfaultfd, SIGBUS mode) or sigsegv (mprotect + mmap). Default: uffd where available, else sigsegv.",
    };

    /// <summary>Null for absent; an unknown name throws <see cref="ArgumentException"/> naming it.</summary>
    public static PagerBackend? Parse(string? name)
    {
        if (name is null) return null;
        try
        {
            return PagerBackends.Parse(name);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"--backend '{name}' is not a pager backend: use uffd or sigsegv");
        }
    }

    /// <summary>"uffd (user-mode-only): why" or "sigsegv: why", for the text output.</summary>
    public static string Describe(UserPager pager) => pager.BackendChoice.Reason
        + (pager.UserfaultfdMode is { } mode ? $"; descriptor via {mode}" : "");
}
