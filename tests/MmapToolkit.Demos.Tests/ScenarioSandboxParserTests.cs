using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

/// <summary>
/// What a shared scenario cannot do, refused by the parser as FILE:LINE before anything runs: name a path instead of
/// a file, ask for an access that would kill the toolkit's own process, or ask for more than the limits allow.
/// </summary>
public class ScenarioSandboxParserTests
{
    private const string Header = "demo t\ntopic 1 test\nprocess main\n";

    private static ScenarioFormatException Fails(string body) =>
        Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(Header + body, "demos/t.scenario"));

    /// <summary>The body's last line is the one at fault.</summary>
    private static void FailsOnLastLine(string body, string expected)
    {
        var e = Fails(body);
        int lastLine = (Header + body).TrimEnd('\n').Split('\n').Length;
        Assert.Equal(lastLine, e.LineNumber);
        Assert.StartsWith($"demos/t.scenario:{lastLine}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    public static TheoryData<string, string> Escapes() => new()
    {
        { "file /etc/passwd 1 data\n", "'/etc/passwd' contains '/'" },
        { "file ../../../tmp/x/rel.txt 1\n", "contains '/'" },
        { "file /dir/prog 4 program\n", "'/dir/prog' contains '/'" },
        { "file /dir/mem 1 memory\n", "a memory name is a plain name" },
        { "file sub/x 1\n", "'sub/x' contains '/'" },
        { "file . 1\n", "'.' is not a file name" },
        { "file .. 1\n", "'..' is not a file name" },
        { "file .hidden 1\n", "starts with '.'" },
        { "file -rf 1\n", "starts with '-'" },
        { $"file {new string('a', 300)} 1\n", "at most 128 characters; this one has 300" },
        { $"file {new string('m', 250)} 1 memory\n", "a memory name is at most 128 characters; this one has 250" },
        { "file caf\u00e9 1\n", "contains U+00E9" },
        { "fork main /dir/pwn\n", "a process name is a plain name" },
        { "fork main ..\n", "'..' is not a process name" },
        { "map main a/b 1 anon private rw\n", "a region name is a plain name" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void ANameThatIsNotPlainIsRefusedWithItsLine(string body, string expected) => FailsOnLastLine(body, expected);

    [Fact]
    public void TheFirstProcessNameIsCheckedToo()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("demo t\ntopic 1 t\nprocess ../main\n", "t.scenario"));
        Assert.Equal("t.scenario:3: '../main' contains '/': a process name is a plain name (the run writes only inside its own directory)", e.Message);
    }

    [Fact]
    public void PlainNamesOfEveryKindAreAccepted()
    {
        var s = ScenarioParser.Parse(Header + "file shared.txt 1\nfile Mem_1 1 memory\nfile prog-2 4 program\nmap main r.0 1 anon private rw\nfork main c_1\n", "t.scenario");
        Assert.Equal(5, s.Steps.Count(st => st is FileStep or MapStep or ForkStep));
    }

    [Fact]
    public void AControlCharacterAnywhereIsRefusedWithItsLine()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("demo t\ntopic 1 t\nstory a \u001b[2J b\nprocess main\n", "t.scenario"));
        Assert.Equal("t.scenario:3: control character U+001B: a scenario is plain text", e.Message);
    }

    // Each of these ran earlier steps and then failed, without FILE:LINE, before the checks moved to the parser.
    public static TheoryData<string, string> KnowableAtParseTime() => new()
    {
        { "file big 524288 data\n", "'524288' is not a valid page count (1..65536)" },
        { "replay foo 3 0 1 2\n", "unknown policy 'foo'" },
        { "replay fifo 3 0 9223372036854775806\n", "page 9223372036854775806: a replay names pages 0..65535" },
        { "file z 1 system=/dev/zero\n", "the system file '/dev/zero' is a character device, not a regular file" },
        { "file z 1 system=/\n", "the system file '/' is a directory" },
        { "map main r 2 anon private rw\nprotect main r 0 none\ntouch main r 0 read\n", "page 0 of 'r' is protected none in 'main'" },
        { "map main r 2 anon private rw\nprotect main r all r\ntouch main r 1 write\n", "page 1 of 'r' is read-only in 'main'" },
        { "map main r 2 anon private rw\nprotect main r 1 none\ntouch main r all read\n", "page 1 of 'r' is protected none in 'main'" },
        { "map main r 2 anon private rw\nprotect main r 0 none\nfork main c\ntouch main r 0 write\n", "page 0 of 'r' is protected none in 'main'" },
        { "map main r 2 anon private r\ntouch main r 0 write\n", "page 0 of 'r' is read-only in 'main'" },
        { "map main r 2 anon private rw\nprotect main r 1 r\ntoupper main r\n", "page 1 of 'r' is read-only in 'main': toupper writing it" },
        { "file d 2 data\nmap main m 2 file=d shared r\nprotect main m all rw\ntouch main m 0 write\n", "page 0 of 'm' is read-only in 'main'" },
        { "file prog 33 program\nfork main c\nexec c prog 32\n", "the program executes pages of its text block, 0..31" },
        { "file prog 33 program\nfork main c\nexec c prog 0..6\n", "exec runs at most 6 text pages (the program gets at most 8 arguments); this names 7" },
        { "replay fifo 3 0..2147483647\n", "a replay has at most 100000 references" },
    };

    [Theory]
    [MemberData(nameof(KnowableAtParseTime))]
    public void AProblemKnowableBeforeRunningIsRefusedWithItsLine(string body, string expected) => FailsOnLastLine(body, expected);

    [Fact]
    public void TheMainProcessMayTouchWhatItMadeAccessibleAgainAndAChildMayTouchAnything()
    {
        var s = ScenarioParser.Parse(Header + """
            map main r 2 anon private rw
            protect main r 0 none
            fork main c
            touch c r 0 write
            protect main r all rw
            touch main r all write
            protect c r all none
            touch main r 1 read
            """, "t.scenario");
        Assert.Equal(3, s.Steps.OfType<TouchStep>().Count());
    }

    public static TheoryData<string, string> OverLimits() => new()
    {
        { "map main h 2147483647 anon private rw noreserve\ntouch main h all write\n", "'touch ... all' names 2147483647 pages: a step names at most 1048576" },
        { "map main h 2147483647 anon private rw noreserve\ntouch main h 0..2147483646 write\n", "a step names at most 1048576" },
        { "map main h 2147483647 anon private rw noreserve\nprotect main h all none\n", "'protect ... all' names 2147483647 pages" },
        { "map main h 524288 anon private rw\ntouch main h 0..524287 write\n", "touch: the scenario would make more than 65536 pages real in all" },
        { "map main h 100000 anon private rw populate\n", "populate: the scenario would make more than 65536 pages real" },
        { "map main h 2147483647 anon shared rw\n", "a shared anonymous map: the scenario would make more than 65536 pages real" },
        { "map main h 100000 anon private rw noreserve\ntoupper main h\n", "toupper: the scenario would make more than 65536 pages real" },
        { "file a 40000\nfile b 40000\n", "more than 65536 pages real in all" },
        { "map main h 1073741824 anon private rw noreserve\nobserve main h\nobserve main h\n", "more than 2147483648 page-table entries" },
        { "map main h 32768 anon private rw\nprotect main h 0..32767/2 r\n", "more than 8192 separate runs of pages" },
        { "map main h 32768 anon private rw\nadvise main h 0..16383/4 random\nprotect main h 0..8193/2 r\n", "more than 8192 separate runs of pages" },
        { "malloc main 200000 1024\nmalloc main 200000 1024\n", "malloc: the scenario would make more than 65536 pages real in all" },
        { "malloc main 600000 1\nmalloc main 600000 1\n", "more than 1000000 malloc'd blocks in all" },
        { "file d 40000\nmap main m 1 file=d shared r\nobserve main m\nsync main m sync\nobserve main m\nunmap main m\n", "read back more than 131072 file pages" },
        { "replay fifo 3 0..9x10000\nreplay fifo 3 0..9x10000\nreplay fifo 3 0..9\n", "the replays have more than 200000 references in all" },
        { "replay fifo 3 0..60000 0..60000\n", "a replay has at most 100000 references" },
        { "replay fifo 3 " + string.Concat(Enumerable.Repeat("1 ", 100_001)) + "\n", "a replay has at most 100000 references" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public void WorkBeyondTheLimitsIsRefusedBeforeAnythingRuns(string body, string expected) => FailsOnLastLine(body, expected);

    [Fact]
    public void AtMostSixtyFourProcessesLiveAtOnceAndExitingMakesRoom()
    {
        string forks = string.Concat(Enumerable.Range(1, 63).Select(i => $"fork main c{i}\n"));
        ScenarioParser.Parse(Header + forks, "t.scenario");
        FailsOnLastLine(forks + "fork main c64\n", "64 processes are alive already");
        ScenarioParser.Parse(Header + forks + "exit c1\nfork main c64\n", "t.scenario");
    }

    [Fact]
    public void AtMostSixtyFourFiles()
    {
        string files = string.Concat(Enumerable.Range(1, 64).Select(i => $"file f{i} 1\n"));
        ScenarioParser.Parse(Header + files, "t.scenario");
        FailsOnLastLine(files + "file f65 1\n", "more than 64 files");
    }

    [Fact]
    public void AMissingSystemFileParses_TheModelStandsInForIt()
    {
        var scenario = ScenarioParser.Parse("demo t\ntopic 6 t\nprocess main\nfile z 4 system=/no/such/file\nmap main m 4 file=z private r\n", "t.scenario");
        Assert.Equal("/no/such/file", scenario.Steps.OfType<FileStep>().Single().SystemPath);
    }
}
