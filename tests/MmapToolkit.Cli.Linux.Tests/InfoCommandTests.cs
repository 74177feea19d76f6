using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Profile;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><c>mmaptk info</c> in-process: exactly the profile's keys, with the values this process probed.</summary>
public class InfoCommandTests
{
    [Fact]
    public void Json_has_exactly_the_profile_keys_and_values()
    {
        var run = Mmaptk.Run("info", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        string[] keys = ["zero_page_on_read", "fault_around_pages", "thp_enabled", "mthp", "userfaultfd", "kpagecount_readable",
                         "page_size", "kernel_release", "swap_total_kb", "max_map_count", "libc_path"];
        Assert.Equal(keys.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        var p = KernelProfile.Current;
        Assert.Equal(p.ZeroPageOnRead, json.GetProperty("zero_page_on_read").GetBoolean());
        Assert.Equal(p.PageSize, json.GetProperty("page_size").GetInt32());
        Assert.Equal(p.KernelRelease, json.GetProperty("kernel_release").GetString());
    }

    [Fact]
    public void Text_is_a_table_of_facts_and_the_native_abi()
    {
        var run = Mmaptk.Run("info");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("zero_page_on_read", run.Stdout);
        Assert.Contains("max_map_count", run.Stdout);
        Assert.Matches(@"native ABI \d+; probed in \d+ ms", run.Stdout);
    }
}
