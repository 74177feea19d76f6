using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Linux.Tests.Recording;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// <c>mmaptk faults</c>, run in-process through its runner: the JSON lists every fault, --trace-out writes a trace the
/// simulator reads, and bad input is one line with exit code 2 before anything runs.
/// </summary>
public class FaultsCommandTests
{
    private const ulong Address = 0x2000_0000_0000;

    private static (int Code, string Stdout, string Stderr) Run(FaultsRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        int code = CommandRunner.Run(() => { request.Validate(); return request; }, r => FaultsRunner.Execute(r, output, errors), errors);
        return (code, output.ToString(), errors.ToString());
    }

    private static FaultsRequest Program(params string[] program)
        => new(program, null, null, Json: false, Csv: false, TraceOut: null, Timeline: 20, BufferPages: 64);

    [PerfFact]
    public void JsonListsEveryFaultWithTheIssuesFieldsAndTheTraceFileReplays()
    {
        using var dir = new TempDirectory();
        string trace = dir.File("faults.trace");
        var (code, stdout, stderr) = Run(Program(RecorderAvailability.FaultProgram, "write", "12", $"0x{Address:x}") with { Json = true, TraceOut = trace });

        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var faults = json.GetProperty("faults").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("recorded").GetInt32(), faults.Count);
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        foreach (var key in new[] { "address", "page", "write", "exec", "major", "mapping", "cause", "time_ns", "tid" })
            Assert.True(faults[0].TryGetProperty(key, out _), $"a fault has no '{key}'");
        ulong first = Address / (ulong)MemoryMapping.SystemPageSize;
        var pages = faults.Select(f => f.GetProperty("page").GetUInt64()).Where(p => p >= first && p < first + 12).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => first + (ulong)i), pages);

        var replay = TraceParser.ParseFile(trace);
        Assert.Equal(faults.Count, replay.Count);
        Assert.Equal(faults.Select(f => (long)f.GetProperty("page").GetUInt64()), replay.Select(r => r.Page));
        Assert.Equal(faults.Select(f => f.GetProperty("write").ValueKind == JsonValueKind.True), replay.Select(r => r.IsWrite));
        Assert.StartsWith("# fault trace of", File.ReadAllText(trace));
    }

    [PerfFact]
    public void TextShowsTheKernelsCountNextToTheRecordedOne()
    {
        var (code, stdout, stderr) = Run(Program(RecorderAvailability.FaultProgram, "write", "4", $"0x{Address:x}"));

        Assert.True(code == 0, stderr);
        // The title holds the program's path, so at 80 columns its sentence may wrap anywhere between words.
        Assert.Matches(@"\d+ faults\s+recorded\s+\(\d+\s+minor,\s+\d+\s+major\)", stdout);
        Assert.Matches(@"(?m)^getrusage \(wait4\), from execve on: \d+ minor, \d+ major", stdout);
        Assert.Contains("by mapping", stdout);
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "nothing to record", [], "give a program to run after --" },
        { "no such program", ["no-such-program-mmaptk"], "program 'no-such-program-mmaptk' not found in PATH" },
        { "no such path", ["/no/such/program"], "program '/no/such/program' does not exist" },
        { "a directory", ["/tmp"], "'/tmp' is a directory" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineAndExitCode2(string what, string[] program, string message)
    {
        var (code, stdout, stderr) = Run(Program(program));

        Assert.True(code == 2, $"{what}: exit {code}, stderr {stderr}");
        Assert.Empty(stdout);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [PerfFact]
    public void AFileThatCannotBeExecutedIsExitCode2()
    {
        using var dir = new TempDirectory();
        string notAProgram = dir.File("data.txt", "hello"u8.ToArray());
        var (code, _, stderr) = Run(Program(notAProgram));

        Assert.Equal(2, code);
        Assert.Contains("execve failed: EACCES", stderr);
    }

    [Fact]
    public void OptionMistakesAreRefusedBeforeAnythingRuns()
    {
        var cases = new (FaultsRequest Request, string Message)[]
        {
            (Program("ls") with { Pid = 1, Seconds = 1 }, "either a program or --pid"),
            (Program() with { Pid = 1 }, "--pid needs --seconds"),
            (Program("ls") with { Seconds = 1 }, "--seconds goes with --pid"),
            (Program() with { Pid = 1, Seconds = 0 }, "--seconds must be more than 0"),
            (Program() with { Pid = -4, Seconds = 1 }, "--pid must be a positive process id"),
            (Program("ls") with { Json = true, Csv = true }, "only one of --json and --csv"),
            (Program("ls") with { BufferPages = 3 }, "--buffer-pages must be a power of two"),
            (Program("ls") with { TraceOut = "/no/such/dir/t.trace" }, "does not exist"),
            (Program("ls") with { TraceOut = "/tmp" }, "is a directory"),
        };
        foreach (var (request, message) in cases)
        {
            var (code, stdout, stderr) = Run(request);
            Assert.True(code == 2 && stderr.Contains(message), $"{request}: exit {code}, stderr '{stderr.Trim()}', expected '{message}'");
            Assert.Empty(stdout);
        }
    }

    [PerfFact]
    public void ARunningProcessIsRecordedForTheSecondsGiven()
    {
        using var agent = MmapToolkit.Agents.ChildAgent.Spawn();
        var (code, stdout, stderr) = Run(Program() with { Pid = agent.Pid, Seconds = 0.2, Json = true });

        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(agent.Pid, json.GetProperty("pid").GetInt32());
        Assert.Equal($"/proc/{agent.Pid}/stat over the same 0.2 s", json.GetProperty("kernel_source").GetString());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        // The agent waits for a command all along: whatever it faulted, /proc/PID/stat counted at least as many.
        Assert.InRange(json.GetProperty("recorded").GetInt64(), 0, json.GetProperty("kernel_minor").GetInt64() + json.GetProperty("kernel_major").GetInt64());
    }

    [PerfFact]
    public void CausesAreRefusedWithTheProbedReasonWhereTheTracepointIsMissing()
    {
        var (code, stdout, stderr) = Run(Program(RecorderAvailability.FaultProgram, "write", "2", $"0x{Address:x}") with { RequireCauses = true, Json = true });

        if (RecorderAvailability.NoTracepoint is { } why)
        {
            Assert.Equal(2, code);
            Assert.Equal($"mmaptk: error: --causes: fault causes cannot be recorded here: {why}", stderr.Trim());
            Assert.Empty(stdout);
        }
        else
        {
            Assert.True(code == 0, stderr);
            Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("causes_known").GetBoolean());
        }
    }

    [Fact]
    public void APidThatIsGoneIsExitCode2()
    {
        int pid = 4_000_000;
        while (Directory.Exists($"/proc/{pid}")) pid++;
        var (code, _, stderr) = Run(Program() with { Pid = pid, Seconds = 0.1 });

        Assert.Equal(2, code);
        Assert.Contains($"no process with pid {pid}", stderr);
    }
}
