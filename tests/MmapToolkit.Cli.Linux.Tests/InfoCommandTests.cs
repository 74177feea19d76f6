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
    public void Csv_is_a_row_per_fact_with_the_profile_values_unformatted()
    {
        var run = Mmaptk.Run("info", "--csv");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = CsvRows.Parse(run.Stdout);
        Assert.Equal(["fact", "value", "detail", "what_it_changes"], rows[0]);
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        // The facts in the table's order, named as in --json; the values as the profile holds them.
        var p = KernelProfile.Current;
        string Bool(bool b) => b ? "true" : "false";
        var expected = new (string Fact, string Value)[]
        {
            ("kernel_release", p.KernelRelease), ("page_size", p.PageSize.ToString()), ("zero_page_on_read", Bool(p.ZeroPageOnRead)),
            ("fault_around_pages", p.FaultAroundPages.ToString()), ("thp_enabled", p.ThpEnabled),
            ("mthp", p.Mthp.Count == 0 ? "none" : string.Join(", ", p.Mthp.Select(kv => $"{kv.Key} {kv.Value}"))),
            ("userfaultfd", Bool(p.Userfaultfd.Available)), ("kpagecount_readable", Bool(p.KpagecountReadable)),
            ("swap_total_kb", p.SwapTotalKb.ToString()), ("max_map_count", p.MaxMapCount.ToString()), ("libc_path", p.LibcPath ?? ""),
        };
        Assert.Equal(expected, rows.Skip(1).Select(r => (r[0], r[1])));
        // Only userfaultfd has a detail: how it is opened, or why it cannot be.
        Assert.All(rows.Skip(1).Where(r => r[0] != "userfaultfd"), r => Assert.Equal("", r[2]));
        var u = p.Userfaultfd;
        Assert.Equal(u.Available ? $"via {u.How}; features {string.Join(" ", u.Features)}" : u.Reason, rows.Single(r => r[0] == "userfaultfd")[2]);
        // Exact rows: numbers without their unit; a cell with a comma quoted, one without as it is.
        string[] lines = run.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"page_size,{p.PageSize},,\"the unit of every page count, on the model's side too\"", lines);
        Assert.Contains($"max_map_count,{p.MaxMapCount},,caps the pager's resident frames (one VMA each) and the VMAs a demo may split", lines);
    }

    [Fact]
    public void Json_and_csv_together_are_refused()
    {
        var run = Mmaptk.Run("info", "--json", "--csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: give only one of --json and --csv", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
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
