using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Demos.Tests;

public class ScenarioParserTests
{
    private const string Header = "demo t\ntopic 1 test\n";

    [Fact]
    public void ATopicOutsideTheNotesIsRejected() =>
        Assert.Contains("topic number", Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("demo t\ntopic 22 x\nprocess m\n", "f")).Message);

    [Fact]
    public void AChildInheritsAnUnmappedRegionAndMayTouchItToSeeTheFault()
    {
        var s = ScenarioParser.Parse(Header + "process main\nmap main r 4 anon private rw\nunmap main r\nfork main c\ntouch c r 0 read\n", "f");
        Assert.Single(s.Steps.OfType<TouchStep>());
    }

    private static ScenarioFormatException Fails(string body) =>
        Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(Header + body, "demos/t.scenario"));

    [Fact]
    public void UnknownStepNamesTheFileTheLineAndTheStep()
    {
        var e = Fails("process main\ntuoch main heap 0 read\n");
        Assert.Equal("demos/t.scenario", e.File);
        Assert.Equal(4, e.LineNumber);
        Assert.StartsWith("demos/t.scenario:4: unknown step 'tuoch'", e.Message);
    }

    [Fact]
    public void PageOutsideTheRegionIsRejected()
    {
        var e = Fails("process main\nmap main heap 4 anon private rw\ntouch main heap 0..4 write\n");
        Assert.Equal(5, e.LineNumber);
        Assert.Contains("page 4 is outside region 'heap' (pages 0..3)", e.Message);
    }

    [Fact]
    public void FileThatWasNeverDeclaredIsNamed()
    {
        var e = Fails("process main\nmap main m 4 file=data.txt private r\n");
        Assert.Contains("no file 'data.txt' was declared", e.Message);
    }

    [Fact]
    public void MissingScenarioFileIsNamed()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.ParseFile("/no/such/demo.scenario"));
        Assert.Equal("/no/such/demo.scenario: no such scenario file", e.Message);
    }

    [Theory]
    [InlineData("touch main heap 0 read\n", "no process 'main'")]
    [InlineData("process main\ntouch main heap 0 read\n", "region 'heap' was never mapped")]
    [InlineData("process main\nmap main heap 4 anon private rw\nfork main c\nexit c\ntouch c heap 0 read\n", "process 'c' has already exited")]
    [InlineData("process main\nmap main heap 4 anon private rw\ntouch main heap 0 read value=3\n", "only a write takes value=N")]
    [InlineData("process main\nmap main heap 4 anon private rwz\n", "'rwz' is not a protection")]
    [InlineData("process main\nmap main heap 4 anon private rw\nadvise main heap all soon\n", "unknown advice 'soon'")]
    [InlineData("agree faultz\n", "unknown counter 'faultz'")]
    [InlineData("explain faults because x\n", "unknown reason 'because'")]
    [InlineData("replay fifo 3 0 1 x\n", "bad token 'x'")]
    [InlineData("process main\nfile data 2 data\nfork main c\nexec c data\n", "'data' is a data file")]
    [InlineData("process main\nprocess other\n", "may appear only once")]
    // Every scenario that passes the parser must run on both sides: these would not.
    [InlineData("process main\nmap main r 4 anon private rw\nunmap main r\ntouch main r 0 read\n", "touch it in a forked child")]
    [InlineData("process main\nmap main r 4 anon private rw\nunmap main r\nunmap main r\n", "region 'r' was unmapped in 'main'")]
    [InlineData("process main\nfile prog 8 program\nfork main c\nexec c prog\nmap c m 4 anon private rw\n", "only observe, exec and exit apply to it")]
    [InlineData("process main\nfile prog 8 program\nexec main prog\n", "fork a child to exec the program")]
    [InlineData("process main\nexit main\n", "runs the demo and cannot exit")]
    [InlineData("process main\nfork main c\nfork c g\nexit c\n", "still has living children (g)")]
    [InlineData("process main\nfork main c\nmalloc c 10 100\n", "'malloc' is done by the first process")]
    [InlineData("process main\nfile d 4 data\nfork main c\nmap c m 4 file=d private r\n", "a child maps plain anonymous memory here")]
    [InlineData("process main\nfile d 4 data\nclose main d\n", "'close' follows an 'open-write'")]
    [InlineData("process main\nmap main r 4 anon private rw\ntouch main r 0..2147483647/1073741824 read\n", "page 2147483647 is outside region 'r'")]
    [InlineData("replay fifo 3 0..99999999999\n", "a replay has at most 100000 references")]
    [InlineData("process main\nfile sys 1 system=/etc/hostname\nmap main m 1 file=sys shared rw\n", "'sys' is a system file")]
    [InlineData("process main\nfile sys 1 system=/etc/hostname\nmap main v 1 anon shared rw\nremap main v 0 sys 0\n", "'sys' is a system file")]
    [InlineData("process main\nfile sys 1 system=/etc/hostname\nopen-write main sys\n", "'sys' is a system file")]
    [InlineData("process main\nfile d 4 data\nmap main r 4 file=d private r\ntoupper main r\n", "'r' must be mapped rw")]
    [InlineData("process main\nfile prog 8 program\nmap main prog 2 anon private rw\n", "'prog' is a file's name")]
    [InlineData("process main\nfile d 4 data\nmap main r 2147483647 file=d private r offset=5\n", "run past the end of 'd'")]
    [InlineData("process main\nmalloc main 10000000 1048576\n", "more than 1 GiB")]
    public void SemanticErrorsSayWhatIsWrong(string body, string expected) =>
        Assert.Contains(expected, Fails(body).Message);

    [Fact]
    public void ScenarioWithoutNameOrTopicOrStepsIsRejected()
    {
        Assert.Contains("no 'demo NAME' line", Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("topic 1 x\nprocess m\n", "f")).Message);
        Assert.Contains("no 'topic N TITLE' line", Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse("demo x\nprocess m\n", "f")).Message);
        Assert.Contains("no steps", Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(Header, "f")).Message);
    }

    [Fact]
    public void PageSetsExpand()
    {
        var s = ScenarioParser.Parse(Header + "process main\nmap main r 64 anon private rw\ntouch main r 0..63/16,5,7..8 write\ntouch main r all read\n", "f");
        var touches = s.Steps.OfType<TouchStep>().ToList();
        Assert.Equal([0, 16, 32, 48, 5, 7, 8], touches[0].Pages.Resolve(64));
        Assert.Equal(64, touches[1].Pages.Resolve(64).Length);
    }

    [Fact]
    public void ReplayRangesExpandWithRepeatsAndWriteMarks()
    {
        var s = ScenarioParser.Parse(Header + "replay lru 2 0..2x2 5w 1..2w\n", "f");
        var trace = s.Steps.OfType<ReplayStep>().Single().Trace;
        Assert.Equal([0L, 1, 2, 0, 1, 2, 5, 1, 2], trace.Select(r => r.Page));
        Assert.Equal([false, false, false, false, false, false, true, true, true], trace.Select(r => r.IsWrite));
    }

    [Fact]
    public void ExecReplacesTheAddressSpaceWithTheProgramsText()
    {
        var e = Fails("process main\nmap main heap 4 anon private rw\nfile prog 8 program\nfork main c\nexec c prog 0..3\ntouch c heap 0 read\n");
        Assert.Contains("'c' runs a program since its exec", e.Message);
    }

    [Fact]
    public void HeaderLinesAreCollected()
    {
        var s = ScenarioParser.Parse("""
            # a comment
            demo    cow
            topic   8 copy-on-write fork
            story   line one
            story   line two
            agree   faults shared
            explain resident readahead  the kernel reads ahead
            process main   # trailing comment
            """, "f");
        Assert.Equal("cow", s.Name);
        Assert.Equal(8, s.Topic);
        Assert.Equal(["line one", "line two"], s.Story);
        Assert.True(s.MustAgree.SetEquals(["faults", "shared"]));
        Assert.Equal("readahead", s.Explanations["resident"].ReasonKey);
        Assert.Equal("the kernel reads ahead", s.Explanations["resident"].Text);
    }
}
