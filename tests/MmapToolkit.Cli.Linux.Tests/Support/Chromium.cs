using System.Diagnostics;

namespace MmapToolkit.Cli.Linux.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's package <c>chromium</c>) run on a page file: the DOM after its scripts ran, or a
/// screenshot. Each run gets its own empty profile, and the flags that keep it off this machine's closed network.
/// </summary>
internal static class Chromium
{
    public const string Install = "apt-get install -y chromium";

    /// <summary>The browser's path, or null when it is not installed.</summary>
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>True when the environment says this is CI (CI=true): there the browser tests must run.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Headless, with its own profile. --no-sandbox: the sandbox refuses to start as root. The rest keep
    /// Chromium from reaching for the network.</summary>
    public static IEnumerable<string> Flags(string profile) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}"];

    public static string DumpDom(string page, string fragment = "") => Run(page, fragment, "--dump-dom");

    public static void Screenshot(string page, string fragment, string png, int width, int height) =>
        Run(page, fragment, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static string Run(string page, string fragment, params string[] what)
    {
        Assert.True(Path is not null, $"Chromium is not installed ({Install})");
        string profile = Directory.CreateTempSubdirectory("mmaptk-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in Flags(profile)) start.ArgumentList.Add(a);
            foreach (string a in what) start.ArgumentList.Add(a);
            start.ArgumentList.Add(new Uri(System.IO.Path.GetFullPath(page)).AbsoluteUri + fragment);
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                Assert.Fail($"chromium {string.Join(' ', what)} did not finish within 120 s");
            }
            Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}

/// <summary>A test that needs Chromium: skipped, with the install command, where it is missing, except under CI=true,
/// where it runs (and fails if the browser is missing).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.InCi)
            Skip = $"Chromium is not installed here: {Chromium.Install} (with CI=true this test runs and fails without it)";
    }
}
