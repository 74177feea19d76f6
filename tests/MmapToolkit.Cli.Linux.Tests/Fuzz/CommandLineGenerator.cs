namespace MmapToolkit.Cli.Linux.Tests.Fuzz;

/// <summary>
/// Random command lines for every <c>mmaptk</c> subcommand, from a fixed seed. Each option has plausible values and
/// hostile ones (huge and negative numbers, empty strings, missing files, directories, /dev/zero). Most cases take
/// plausible values with one hostile value (or none: a run that should work), the rest take anything; then some are
/// mutated (an unknown option, a repeated one, a value dropped). "{dir}" stands for the case's own temporary directory.
/// <para>Cases that would legitimately run long are never generated: options that set the amount of work (seconds,
/// repetitions, pages of a real mapping) have only small values, or values the command refuses up front, and
/// <c>demo --all</c> runs only with <c>--model-only</c>. Left out on purpose: the hidden <c>pager crash-probe</c> (it
/// crashes by design).</para>
/// </summary>
internal static class CommandLineGenerator
{
    private const string None = "(nothing)";   // in a pool of words: add no word

    private static readonly string[] Paths = ["{dir}/trace.txt"];
    private static readonly string[] BadPaths =
        ["{dir}/missing.txt", "{dir}", "/dev/zero", "/", "{dir}/junk.bin", "{dir}/empty.txt", "", "/proc/self/status", "{dir}/sub/"];
    private static readonly string[] BadTraces =
        ["", " ", "x", "-1", "9223372036854775807 0", "99999999999999999999", "#", "0w0", "\u0001", "1 2 3\n4 5x"];
    private static readonly string[] BadIntegers =
        ["-1", "-2147483648", "2147483648", "9223372036854775807", "99999999999999999999", "", "x", "1.5", "0x10", "1e3"];

    /// <summary>An option: its name ("" for bare words), plausible values (null for a flag), hostile values.</summary>
    private sealed record Spec(string Name, string[]? Plausible, string[] Hostile, bool Always = false);

    private static Spec Flag(string name) => new(name, null, []);

    // --chart: the two formats, and names refused up front or failing at the write (/proc takes no new file).
    private static Spec Chart() => new("--chart", ["{dir}/c.svg", "{dir}/c.png"], ["{dir}/c.jpg", "", "{dir}", "{dir}/missing/c.svg", "{dir}/c", "/proc/c.svg"]);

    private static readonly (string[] Words, int Weight, Spec[] Options)[] Commands =
    [
        (["info"], 6, [Flag("--json")]),
        (["sim"], 50,
        [
            new("--policy", ["lru", "fifo", "opt", "min", "clock", "clock8", "random", "lfu", "mfu", "sieve", "arc", "LRU"], ["", "clock9", "lifo"]),
            new("--frames", ["1", "3", "1..5", "1..1000", "2147483647", "2147483640..2147483647", "100000"],
                ["0", "-1", "5..2", "x", "", "1..100001", "99999999999", "1..", "..3", "1..2147483647", "100001"], Always: true),
            new("--trace", ["0 1 2 3 0 1 4 0 1 2 3 4", "0 1w 2r 3W", "0 # comment", "7", "1 2 3\n4 5"], BadTraces),
            new("--trace-file", Paths, BadPaths),
            new("", [None, None, None, "--table", "--mrc", "--belady", "--subset"], ["--mrc --table", "--belady --subset"]),
            new("--seed", ["1", "0", "7", "18446744073709551615"], ["18446744073709551616", "-1", "x"]),
            // SHARDS (with --mrc; refused without it): rates at and near the ends of (0, 1], a sample too sparse to hold
            // a page, and sizes down to one page.
            new("--sample", ["0.01", "0.5", "1", "1e-3", "0.000001"], ["0", "-0.5", "1.0001", "2", "NaN", "Infinity", "-Infinity", "1e-320", "x", ""]),
            new("--sample-pages", ["1", "2", "16", "2147483647"], ["0", "-1", "2147483648", "99999999999999999999", "1.5", "x", ""]),
            Flag("--json"), Flag("--csv"), Chart(),
        ]),
        (["inspect"], 16, [new("--pid", ["1", "2"], ["0", "-1", "2147483647", "x", "", "99999999999"]), Flag("--all"), Flag("--json")]),
        (["fork-probe"], 14,
        [
            new("--pages", ["1", "16"], ["0", "-1", "2147483647", "4194305", "x", ""], Always: true),
            new("--child-writes", ["0", "1", "8"], ["-1", "2147483647", "x"]),
            new("--timeout", ["5", "0.5"], ["0", "-1", "NaN", "Infinity", "1e308", "x", ""]),
            Flag("--json"),
        ]),
        (["cost"], 12,
        [
            new("--pages", ["16", "32"], ["0", "-1", "99999999999999", "x", ""], Always: true),
            new("--touched", ["1", "4"], ["0", "-1", "99999999999999", "x"]),
            new("--repetitions", ["1"], ["0", "-1", "1001", "2147483647", "x"], Always: true),
            new("--fork-sizes", ["16", "16,32"], ["0", "x", "16,16", "99999999999", "", ",", "-5"], Always: true),
            new("--only", ["demand-zero", "cow-fault", "fork", "text"], ["nope", ""]),
            new("--directory", ["{dir}"], ["{dir}/missing", "{dir}/trace.txt", "/dev/shm", "", "/dev/zero"]),
            Flag("--json"), Flag("--csv"), Chart(),
        ]),
        (["pager"], 24,
        [
            new("--policy", ["fifo", "clock", "lru", "random", "opt", "belady"], ["", "x"]),
            new("--frames", ["1", "2", "3"], ["0", "-1", "x", "", "2147483647", "1048577"], Always: true),
            new("--trace", ["0 1 2 3 0 1 4 0 1 2 3 4", "0 1w 2 1w", "63"], ["", "x", "-1", "99999999999999999999", "#"]),
            new("--trace-file", Paths, BadPaths),
            new("--pages", ["64", "128"], ["0", "-1", "x", "", "8"]),
            new("--seed", ["1", "5"], ["-1", "x"]),
            Flag("--events"), Flag("--json"), Flag("--csv"), Chart(),
        ]),
        (["pager", "stress"], 14,
        [
            new("--pages", ["64", "256"], ["1", "0", "-1", "x"]),
            new("--frames", ["8", "16"], ["1", "0", "-1", "x"]),
            new("--threads", ["1", "2"], ["0", "-1", "257", "x"]),
            new("--seconds", ["0.1"], ["0", "-1", "NaN", "x", "", "-Infinity", "Infinity", "1e300"], Always: true),
            new("--policy", ["clock", "fifo", "lru", "random"], ["x", ""]),
            Flag("--json"), Flag("--csv"),
        ]),
        (["pager", "cost"], 10,
        [
            new("--pages", ["16", "64"], ["0", "15", "30001", "-1", "99999999999", "x"], Always: true),
            new("--repetitions", ["1", "2"], ["0", "-1", "x", "", "2147483647", "100000"], Always: true),
            Flag("--json"), Flag("--csv"), Chart(),
        ]),
        (["demo"], 24,
        [
            new("", ["cow-fork", "toupper", "terabyte", "replacement", "thrashing", "thrashing", "{dir}/ok.scenario"],
                ["nope", "", "{dir}/bad.scenario", "{dir}/junk.bin", "{dir}/missing.scenario", "{dir}", "../x", "/dev/zero"], Always: true),
            Flag("--list"), Flag("--all"), Flag("--json"), Flag("--steps"), Flag("--model-only"),
            // The thrashing cliff: drawn for thrashing, refused for the other demos, --all and --list.
            Chart(),
        ]),
        (["quiz", "replacement"], 8,
        [
            new("--seed", ["0", "7", "18446744073709551615"], ["-1", "18446744073709551616", "x", ""]),
            new("--addresses", ["1,2,3,4,1,2,5,1,2,3,4,5", "0", "9223372036854775807,0"], ["", ",", "1,,2", "-1", "x", "99999999999999999999", "1 2"]),
            new("--policy", ["fifo", "lru", "opt", "random", "arc"], ["", "lifo"]),
            new("--frames", ["1", "3", "64"], ["0", "-1", "65", "2147483648", "x"]),
            Flag("-c"), Flag("--json"),
        ]),
        (["quiz", "belady"], 3, [new("--seed", ["0", "3", "18446744073709551615"], ["-1", "x", ""]), Flag("-c"), Flag("--json")]),
        (["quiz", "cow"], 3, [new("--seed", ["0", "2", "18446744073709551615"], ["-1", "x", ""]), Flag("-c"), Flag("--json")]),
        ([], 8, [new("", [None, "--help", "-h", "--version", "sim --help", "pager --help"], ["nope", "--json", "sim sim"], Always: true)]),
    ];

    private static readonly string[] Junk = ["--bogus", "-x", "--", "--frames=", "extra", "\u00e9", "--json=maybe"];

    public static List<string[]> Generate(int seed, int count)
    {
        var rng = new Random(seed);
        int total = Commands.Sum(c => c.Weight);
        var cases = new List<string[]>(count);
        while (cases.Count < count)
        {
            int pick = rng.Next(total), i = 0;
            while (pick >= Commands[i].Weight) pick -= Commands[i++].Weight;
            var (words, _, options) = Commands[i];
            // Most cases: plausible values, one option (maybe none) hostile. The rest: anything anywhere.
            bool chaos = rng.Next(10) < 3;
            var chosen = options.Where(o => o.Always || rng.Next(2) == 0).ToList();
            var traceOptions = options.Where(o => o.Name is "--trace" or "--trace-file").ToArray();
            if (!chaos && traceOptions.Length == 2)
            {
                // A plausible run reads one trace: from the command line or from a file.
                chosen.RemoveAll(traceOptions.Contains);
                chosen.Add(traceOptions[rng.Next(2)]);
            }
            var valued = chosen.Where(o => o.Plausible is not null).ToList();
            Spec? hostile = rng.Next(4) == 0 || valued.Count == 0 ? null : valued[rng.Next(valued.Count)];
            var args = new List<string>(words);
            foreach (var o in chosen)
            {
                if (o.Plausible is null) { args.Add(o.Name); continue; }
                string[] pool = chaos ? [.. o.Plausible, .. o.Hostile] : o == hostile && o.Hostile.Length > 0 ? o.Hostile : o.Plausible;
                string value = pool[rng.Next(pool.Length)];
                if (o.Name.Length == 0)
                {
                    // Bare words (a demo's name, flags that exclude each other, a whole root command line); an empty word
                    // stays, as an empty argument.
                    if (value != None) args.AddRange(value.Contains(' ') && !value.Contains('\n') ? value.Split(' ') : [value]);
                }
                else
                {
                    args.Add(o.Name);
                    args.Add(value);
                }
            }
            Mutate(rng, args, words.Length);
            if (RunsLong(args)) continue;
            cases.Add(args.ToArray());
        }
        return cases;
    }

    private static void Mutate(Random rng, List<string> args, int fixedWords)
    {
        if (rng.NextDouble() < 0.10) args.Insert(rng.Next(fixedWords, args.Count + 1), Junk[rng.Next(Junk.Length)]);
        if (rng.NextDouble() < 0.06 && args.Count > fixedWords + 1)
        {
            int j = rng.Next(fixedWords, args.Count - 1);
            if (args[j].StartsWith("--", StringComparison.Ordinal)) args.AddRange([args[j], args[j + 1]]);   // an option twice
        }
        if (rng.NextDouble() < 0.06 && args.Count > fixedWords && args[^1].Length > 0 && !args[^1].StartsWith("--", StringComparison.Ordinal))
            args.RemoveAt(args.Count - 1);   // the last option loses its value
    }

    // By construction, never: the full real demo suite (seconds per demo on a loaded machine).
    private static bool RunsLong(List<string> args)
        => args.Count > 0 && args[0] == "demo" && args.Contains("--all") && !args.Contains("--model-only") && !args.Contains("--list");
}
