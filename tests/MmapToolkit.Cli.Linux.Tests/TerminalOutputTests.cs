using MmapToolkit.Cli.Commands;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Cli;
using MmapToolkit.Linux.Tests.Recording;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// Every command reads cleanly at 80 columns, in a pipe and with NO_COLOR (issue 15): in-process at the 80 columns a
/// pipe gets, no line is longer than 80, no header or name is cut with '…', and there is no escape byte; the real binary
/// writes no escape byte to a pipe even when the terminal type says colours work. Alone: fork-probe and the demos fork.
/// Sentences (sim, trace stats, quiz and faults too) are wrapped at the width with their indent; a command printed for
/// the user to copy is never cut.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class TerminalOutputTests
{
    private const char Escape = '\u001b';

    // Every command that prints a table or a story, with small work ("{dir}" is a directory with a trace t.txt in it).
    public static TheoryData<string[]> EveryCommand => new()
    {
        new[] { "info" },
        new[] { "sim", "--policy", "fifo", "--frames", "3", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--table" },
        new[] { "sim", "--policy", "lru", "--frames", "3", "--trace-file", "{dir}/t.txt" },
        new[] { "sim", "--policy", "ws", "--tau", "2", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "sim", "--policy", "lfu", "--subset" },
        new[] { "sim", "--frames", "1..4", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "sim", "--policy", "fifo,lru,opt,clock", "--frames", "1..5", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "sim", "--mrc", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "sim", "--mrc", "--sample", "0.5", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "trace", "stats", "{dir}/t.txt" },
        new[] { "inspect" },
        new[] { "inspect", "--all" },
        new[] { "fork-probe", "--pages", "8", "--child-writes", "2" },
        new[] { "pager", "--frames", "3", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--events" },
        new[] { "pager", "stress", "--pages", "64", "--frames", "8", "--threads", "2", "--seconds", "0.1" },
        new[] { "pager", "cost", "--pages", "16", "--repetitions", "1" },
        new[] { "demo", "--list" },
        new[] { "demo", "--all", "--model-only" },
        new[] { "demo", "cow-fork" },
        new[] { "demo", "toupper", "--steps" },
        new[] { "demo", "prepaging", "--model-only", "--steps" },
        new[] { "cost", "--pages", "16", "--touched", "2", "--repetitions", "1" },
        new[] { "quiz", "cow", "--seed", "1", "-c" },
        new[] { "quiz", "cow", "--seed", "1" },
        new[] { "quiz", "belady", "--seed", "1", "-c" },
        new[] { "quiz", "replacement", "--seed", "1" },
        new[] { "quiz", "replacement", "--seed", "1", "-c" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void At_80_columns_no_line_is_longer_and_nothing_is_cut_or_coloured(string[] args)
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        File.WriteAllText(dir.File("t.txt"), "0 1 2 0 1 3");
        var run = Mmaptk.Run([.. args.Select(a => a.Replace("{dir}", dir.Path))]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.NotEqual("", run.Stdout);
        Assert.DoesNotContain(Escape, run.Stdout);
        Assert.DoesNotContain('…', run.Stdout);
        AssertFits(run.Stdout, 80);
    }

    private static void AssertFits(string stdout, int width)
    {
        var tooLong = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > width).ToList();
        Assert.True(tooLong.Count == 0, $"lines longer than {width} columns:\n{string.Join('\n', tooLong)}");
    }

    [PerfFact]
    public void Faults_at_80_columns_fit_with_names_and_figures_whole_and_its_replay_command_whole()
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        string trace = dir.File("f.trace");
        var run = Mmaptk.Run("faults", "--trace-out", trace, "--", RecorderAvailability.FaultProgram, "write", "12", "0x200000000000");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain(Escape, run.Stdout);
        Assert.DoesNotContain('…', run.Stdout);
        AssertFits(run.Stdout, 80);
        // The narrow layout: every header whole, files by their name (the C library and the program itself), the
        // timeline without the kind column (a major fault says so in its access cell).
        Assert.Matches(@"mapping +faults +major +pages +read +write +exec +unknown +in kernel", run.Stdout);
        Assert.Matches(@"µs +address +access +", run.Stdout);
        Assert.Matches(@"(?m)^ libc\.so\.6 +\d", run.Stdout);
        Assert.Matches(@"(?m)^ faultprog +\d", run.Stdout);
        // Every timeline row has its time, address and offset whole on one line.
        Assert.Matches(@"(?m)^ +\d+\.\d 0x[0-9a-f]+ ", run.Stdout);
        // The command to replay the trace is on a line of its own, whole, however long the path.
        var lines = run.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"  mmaptk sim --mrc --trace-file {trace}", lines);
        var replay = Mmaptk.Run("sim", "--mrc", "--trace-file", trace);
        Assert.True(replay.ExitCode == 0, replay.Stderr);
    }

    [PerfFact]
    public void Faults_at_160_columns_keep_the_wide_tables_with_full_paths()
    {
        string program = RecorderAvailability.FaultProgram;
        var request = new FaultsRequest([program, "write", "4", "0x200000000000"], null, null, Json: false, Csv: false, TraceOut: null, Timeline: 20, BufferPages: 64);
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.True(FaultsRunner.Execute(request, output, errors, width: 160) == 0, errors.ToString());
        Assert.Matches(@"µs │ +tid │ address +│ access +│ kind +│ cause +│ mapping +│ +offset │", output.ToString());
        Assert.Contains($"│ {program} ", output.ToString());
        AssertFits(output.ToString(), 160);
    }

    [PerfFact]
    public void Faults_take_the_narrow_layout_where_the_full_paths_would_not_fit()
    {
        // At 110 columns the boxed timeline with /usr/lib/…/ld-linux-x86-64.so.2 would be about 130 wide: rather than
        // fold the path inside its cell, both tables take the narrow layout (the by-mapping one too, if it would not fit).
        string program = RecorderAvailability.FaultProgram;
        var request = new FaultsRequest([program, "write", "4", "0x200000000000"], null, null, Json: false, Csv: false, TraceOut: null, Timeline: 20, BufferPages: 64);
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.True(FaultsRunner.Execute(request, output, errors, width: 110) == 0, errors.ToString());
        string text = output.ToString();
        AssertFits(text, 110);
        Assert.Matches(@"µs +address +access +", text);
        Assert.DoesNotContain("│ kind", text);
        Assert.Matches(@"(?m)^ +\d+\.\d 0x[0-9a-f]+ ", text);
        // Every name is whole on its row: no row of the timeline is a folded name's continuation.
        Assert.DoesNotMatch(@"(?m)^ {20,}\S+ *$", text);
    }

    [Fact]
    public void Wrapped_sentences_keep_their_indent_and_words_whole()
    {
        // sim's one-line result is longer than 80 columns: two lines, cut between words.
        var sim = Mmaptk.Run("sim", "--policy", "lru", "--frames", "2147483647", "--trace", "0 1 2");
        Assert.Equal("lru, 2147483647 frames, 3 references: 3 faults, 0 hits (fault rate 100.0 %);\nevictions 0, swap-outs 0, swap-ins 0",
                     sim.Stdout.Trim().ReplaceLineEndings("\n"));
        // quiz cow's explanations sit under the step's "what" column (8 spaces), continuation lines too.
        var cow = Mmaptk.Run("quiz", "cow", "--seed", "1", "-c").Stdout.ReplaceLineEndings("\n").Split('\n');
        int first = Array.FindIndex(cow, l => l.StartsWith("        write to copy-on-write page", StringComparison.Ordinal));
        Assert.True(first >= 0, string.Join('\n', cow));
        Assert.Matches(@"^        \S", cow[first + 1]);
        Assert.Contains("count 2; copied it to frame 1", cow[first + 1]);
        // A reference string wraps between page numbers, continuing under the first one.
        string addresses = string.Join(',', Enumerable.Range(0, 40));
        var replacement = Mmaptk.Run("quiz", "replacement", "--addresses", addresses).Stdout.ReplaceLineEndings("\n").Split('\n');
        int refs = Array.FindIndex(replacement, l => l.StartsWith("Reference string: 0 1 2 ", StringComparison.Ordinal));
        Assert.True(refs >= 0, string.Join('\n', replacement));
        var continued = replacement.Skip(refs + 1).TakeWhile(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ {18}\d")).ToList();
        Assert.NotEmpty(continued);
        Assert.Equal(string.Join(' ', Enumerable.Range(0, 40)),
                     string.Join(' ', continued.Prepend(replacement[refs]["Reference string: ".Length..]).Select(l => l.Trim())));
    }

    [Fact]
    public void A_command_to_copy_is_never_wrapped_however_long()
    {
        // 60 page numbers make the answers' command line longer than 80 columns: it stays one line, and it runs.
        string addresses = string.Join(',', Enumerable.Range(0, 60).Select(i => i % 7));
        var questions = Mmaptk.Run("quiz", "replacement", "--addresses", addresses, "--policy", "lru", "--frames", "3");
        Assert.True(questions.ExitCode == 0, questions.Stderr);
        string expected = $"Answers: mmaptk quiz replacement --addresses {addresses} --policy lru --frames 3 -c";
        Assert.True(expected.Length > 80);
        var lines = questions.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(expected, lines);
        // Everything else still fits.
        Assert.All(lines.Where(l => l != expected), l => Assert.True(l.Length <= 80, l));
        var answers = Mmaptk.Run(expected["Answers: mmaptk ".Length..].Split(' '));
        Assert.True(answers.ExitCode == 0, answers.Stderr);
        Assert.Contains("lru, 3 frames: ", answers.Stdout);
    }

    [Fact]
    public void Story_lines_wrap_under_their_indent()
    {
        var run = Mmaptk.Run("demo", "cow-fork", "--model-only");
        var lines = run.Stdout.Split('\n');
        // The story's second sentence is longer than 80 columns: its continuation keeps the two-space indent.
        int start = Array.FindIndex(lines, l => l.StartsWith("  A child writing 4 pages", StringComparison.Ordinal));
        Assert.True(start >= 0, run.Stdout);
        Assert.StartsWith("  ", lines[start + 1]);
        Assert.NotEqual(' ', lines[start + 1][2]);
        Assert.Contains("stay", lines[start] + lines[start + 1]);
    }

    [Fact]
    public void Narrow_tables_keep_their_headers_and_names_whole()
    {
        var cost = Mmaptk.Run("cost", "--pages", "16", "--touched", "2", "--repetitions", "1", "--only", "demand-zero");
        Assert.Matches(@"measurement\s+unit\s+median\s+min\.\.max\s+±\s+minor\s+major", cost.Stdout);
        var list = Mmaptk.Run("demo", "--list");
        Assert.Contains(" text-on-demand ", list.Stdout);
        Assert.Contains(" user-level-handler ", list.Stdout);
        var inspect = Mmaptk.Run("inspect");
        Assert.Matches(@"start\s+perm\s+Rss kB\s+Pss kB\s+priv kB\s+swap kB\s+mapping", inspect.Stdout);
        // A long "not compared" sentence (ref-faults) goes below the table, not into the verdict column.
        var thrashing = Mmaptk.Run("demo", "thrashing");
        Assert.Matches(@"step\s+counter\s+model\s+kernel\s+verdict", thrashing.Stdout);
        Assert.Contains(" window-faults ", thrashing.Stdout);
        Assert.Contains("ref-faults not compared: ", thrashing.Stdout);
    }

    [Theory]
    [InlineData("fork-probe", "--pages", "8", "--child-writes", "2")]
    [InlineData("inspect")]
    [InlineData("demo", "cow-fork", "--model-only")]
    [InlineData("cost", "--pages", "16", "--touched", "2", "--repetitions", "1", "--only", "demand-zero")]
    [InlineData("pager", "--frames", "3", "--trace", "0 1 2 3 0 1 4")]
    public void The_real_binary_writes_no_escape_codes_to_a_pipe_even_when_the_terminal_has_colours(params string[] args)
    {
        // Without NO_COLOR, with a terminal type that has colours: the pipe alone must turn them off (bold included).
        var run = MmaptkCli.RunWith(new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm-256color", ["COLUMNS"] = null }, args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain(Escape, run.Stdout);
        Assert.DoesNotContain(Escape, run.Stderr);
        Assert.All(run.Stdout.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
    }

    [Fact]
    public void On_a_terminal_colour_shows_and_NO_COLOR_removes_every_escape_code()
    {
        if (!File.Exists("/usr/bin/script")) Assert.Fail("needs script(1) (util-linux: apt-get install -y bsdutils) to give the binary a terminal");
        string dll = Path.Combine(AppContext.BaseDirectory, "mmaptk.dll");
        string OnTerminal(bool noColor)
        {
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "-q", "-e", "-c", $"dotnet exec '{dll}' pager --frames 3 --trace '0 1 2 3 0 1 4'", "/dev/null" }) start.ArgumentList.Add(a);
            start.Environment["TERM"] = "xterm-256color";
            start.Environment["COLUMNS"] = "80";
            if (noColor) start.Environment["NO_COLOR"] = "1";
            else start.Environment.Remove("NO_COLOR");
            using var p = System.Diagnostics.Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "mmaptk under script(1) did not finish");
            Assert.True(p.ExitCode == 0, output + p.StandardError.ReadToEnd());
            // The .NET runtime itself switches a terminal's keypad to application mode when it starts on one (terminfo's
            // keypad_xmit, and keypad_local at exit), before and after any command runs; it is not the command's output
            // (to a pipe or a file it is not written at all), so it is taken out here.
            return output.Replace("\u001b[?1h\u001b=", "").Replace("\u001b[?1l\u001b>", "");
        }
        // The control: on a terminal the verdict is coloured, so the check below can see escape codes when they are there.
        Assert.Contains(Escape, OnTerminal(noColor: false));
        string plain = OnTerminal(noColor: true);
        Assert.Contains("the pager's real faults equal the model's", plain);
        Assert.DoesNotContain(Escape, plain);
    }

    [Fact]
    public void Demo_json_has_numbers_as_numbers_and_steps_without_padding()
    {
        var json = Mmaptk.Run("demo", "cow-fork", "--model-only", "--json").Json();
        var comparisons = json.GetProperty("comparisons").EnumerateArray().ToList();
        var faults = comparisons.First(c => c.GetProperty("counter").GetString() == "faults");
        Assert.Equal(System.Text.Json.JsonValueKind.Number, faults.GetProperty("model").ValueKind);
        var sharing = comparisons.First(c => c.GetProperty("counter").GetString() == "share-count");
        Assert.Equal(System.Text.Json.JsonValueKind.String, sharing.GetProperty("model").ValueKind);   // "p0=1": text
        Assert.All(comparisons, c => Assert.DoesNotContain("  ", c.GetProperty("step").GetString()!));
        Assert.All(comparisons, c => Assert.Equal(c.GetProperty("step").GetString()!.Trim(), c.GetProperty("step").GetString()));
    }

    [Fact]
    public void A_bare_mmaptk_prints_its_help_with_every_command()
    {
        var run = Mmaptk.Run();
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        foreach (string command in new[] { "info", "sim", "inspect", "fork-probe", "pager", "demo", "cost", "trace", "faults", "quiz", "report" })
            Assert.Matches($@"(?m)^\s+{command}\b", run.Stdout);
    }

    [Fact]
    public void Pager_without_frames_says_so_and_lists_its_subcommands()
    {
        var run = Mmaptk.Run("pager");
        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Trim().Split('\n');
        Assert.Equal("mmaptk: error: Option '--frames' is required (see 'mmaptk --help')", lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.StartsWith("  mmaptk pager stress ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  mmaptk pager cost ", StringComparison.Ordinal));
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("mmaptk: error: 'pagr' is not a command of mmaptk; did you mean 'pager'? (see 'mmaptk --help')", "pagr", "--frames", "3")]
    [InlineData("mmaptk: error: 'insp' is not a command of mmaptk; did you mean 'inspect'? (see 'mmaptk --help')", "insp")]
    [InlineData("mmaptk: error: 'cots' is not a command of mmaptk pager; did you mean 'cost'? (see 'mmaptk --help')", "pager", "cots")]
    [InlineData("mmaptk: error: 'stat' is not a command of mmaptk trace; did you mean 'stats'? (see 'mmaptk --help')", "trace", "stat", "x")]
    public void A_mistyped_command_gets_did_you_mean(string message, params string[] args)
    {
        var run = Mmaptk.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Stderr.Trim());
    }

    [Fact]
    public void A_word_near_no_command_lists_the_commands()
    {
        var run = Mmaptk.Run("xyzzy");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: 'xyzzy' is not a command of mmaptk (its commands: info, sim, inspect, fork-probe, pager, demo, cost, trace, faults, quiz, report) (see 'mmaptk --help')",
                     run.Stderr.Trim());
    }
}
