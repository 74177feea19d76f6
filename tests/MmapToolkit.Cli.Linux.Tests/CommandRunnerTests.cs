using MmapToolkit.Cli.Commands;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Interop;
using MmapToolkit.Model.Kernel;
using MmapToolkit.Observers;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// How every command turns what it throws into one stderr line and an exit code (issues 9 and 10): 2 for input the
/// toolkit refuses (anything the validation step refuses, and the input errors' own types anywhere) or a size the machine
/// cannot hold, 1 when the work itself fails (a disposed object or a model errno is not bad input) or for a bug (an
/// ArgumentException after validation), never a stack trace.
/// </summary>
public class CommandRunnerTests
{
    private static (int Code, string Error) Run(Exception thrown)
    {
        var errors = new StringWriter();
        int code = CommandRunner.Run(() => throw thrown, errors);
        return (code, errors.ToString());
    }

    public static TheoryData<Exception, string> BadInput => new()
    {
        { new ArgumentException("--frames must be at least 1 (got 0)"), "mmaptk: error: --frames must be at least 1 (got 0)\n" },
        { new FormatException("t.txt: line 4: bad token 'x7'"), "mmaptk: error: t.txt: line 4: bad token 'x7'\n" },
        { new ScenarioFormatException("p.scenario", 3, "unknown step 'jump'"), "mmaptk: error: p.scenario:3: unknown step 'jump'\n" },
        { new FileNotFoundException("trace file 'x' does not exist"), "mmaptk: error: trace file 'x' does not exist\n" },
        { new ProcessNotFoundException(999999), "mmaptk: error: no process with pid 999999 (/proc/999999 does not exist or it has exited)\n" },
        { new NoAddressSpaceException(2, "kthreadd", kernelThread: true), "mmaptk: error: pid 2 (kthreadd) is a kernel thread: it has no user address space, so there are no mappings to show\n" },
        // A size the machine cannot hold is the input's problem too.
        { SyscallException.For("mmap(NULL, 16 TiB, READ|WRITE)", Errno.ENOMEM, "no room"), "mmaptk: error: mmap(NULL, 16 TiB, READ|WRITE) failed: ENOMEM (no room)\n" },
        { new PagerException("a pager region of 1048576 frames can split into up to 2097154 memory mappings", Errno.ENOMEM),
          "mmaptk: error: a pager region of 1048576 frames can split into up to 2097154 memory mappings\n" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Input_the_toolkit_refuses_is_exit_code_two(Exception thrown, string line)
    {
        var (code, error) = Run(thrown);
        Assert.Equal(2, code);
        Assert.Equal(line, error.ReplaceLineEndings("\n"));
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new ObjectDisposedException("UserPager"), "mmaptk: error: Cannot access a disposed object." },
        { new ModelSyscallException("execve(/bin/app)", ModelErrno.ETXTBSY, "the file is open for writing"), "mmaptk: error: execve(/bin/app) failed: ETXTBSY (the file is open for writing)" },
        { new PagerException("pager: swap file full (1 slot)", Errno.ENOSPC), "mmaptk: error: pager: swap file full (1 slot)" },
        { SyscallException.For("open(\"/etc/shadow\", O_RDONLY)", Errno.EACCES), "mmaptk: error: open(\"/etc/shadow\", O_RDONLY) failed: EACCES" },
        { new InvalidOperationException("the child did not report"), "mmaptk: error: the child did not report" },
        { new IOException("read failed"), "mmaptk: error: read failed" },
        { new UnauthorizedAccessException("/proc/1/pagemap needs root"), "mmaptk: error: /proc/1/pagemap needs root" },
        { new TimeoutException("the child did not finish in 30 s"), "mmaptk: error: the child did not finish in 30 s" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_of_the_work_is_exit_code_one(Exception thrown, string start)
    {
        var (code, error) = Run(thrown);
        Assert.Equal(1, code);
        Assert.StartsWith(start, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_bug_is_exit_code_one_and_says_it_is_an_internal_error()
    {
        var (code, error) = Run(new NullReferenceException("Object reference not set to an instance of an object."));
        Assert.Equal(1, code);
        Assert.Equal("mmaptk: internal error: NullReferenceException: Object reference not set to an instance of an object.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Out_of_memory_is_one_line_naming_the_sizes_and_exit_code_two()
    {
        var (code, error) = Run(new OutOfMemoryException("Array dimensions exceeded supported range."));
        Assert.Equal(2, code);
        Assert.StartsWith("mmaptk: error: out of memory: the input needs more than this machine gives (this process held ", error);
        Assert.Matches(@"held [\d,]+ MB of [\d,]+ MB available\); ask for a smaller size\n$", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Argument_errors_lose_the_parameter_name_and_keep_the_value_on_one_line()
    {
        var (code, error) = Run(new ArgumentOutOfRangeException("options", 1, "at least one page per thread"));
        Assert.Equal(2, code);
        Assert.Equal("mmaptk: error: at least one page per thread (got 1)\n", error.ReplaceLineEndings("\n"));
        (_, error) = Run(new ArgumentException("page numbers must be non-negative, got -1", "trace"));
        Assert.Equal("mmaptk: error: page numbers must be non-negative, got -1\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Success_writes_nothing_and_returns_the_bodys_code()
    {
        var errors = new StringWriter();
        Assert.Equal(0, CommandRunner.Run(() => 0, errors));
        Assert.Equal(1, CommandRunner.Run(() => 1, errors));
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public void The_validation_step_refuses_with_exit_code_two_and_nothing_runs()
    {
        var errors = new StringWriter();
        bool ran = false;
        int code = CommandRunner.Run<int>(() => throw new ArgumentOutOfRangeException("Frames", "--frames must be at least 1 (got 0)"),
                                          _ => { ran = true; return 0; }, errors);
        Assert.Equal(2, code);
        Assert.False(ran);
        Assert.Equal("mmaptk: error: --frames must be at least 1 (got 0)\n", errors.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void After_validation_an_ArgumentException_is_a_bug_not_input()
    {
        var errors = new StringWriter();
        int code = CommandRunner.Run(() => 7, _ => throw new ArgumentOutOfRangeException("index", 9, "Index was out of range."), errors);
        Assert.Equal(1, code);
        Assert.Equal("mmaptk: internal error: ArgumentOutOfRangeException: Index was out of range. (got 9)\n", errors.ToString().ReplaceLineEndings("\n"));
    }

    // ArgumentExceptions are input only in the validation step (the tests above).
    public static IEnumerable<object[]> BadInputOfItsOwnType => BadInput.Where(row => row[0] is not ArgumentException);

    [Theory]
    [MemberData(nameof(BadInputOfItsOwnType))]
    public void The_input_errors_own_types_are_input_in_the_run_too(Exception thrown, string line)
    {
        var errors = new StringWriter();
        Assert.Equal(2, CommandRunner.Run(() => 0, _ => throw thrown, errors));
        Assert.Equal(line, errors.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_exit_code_one_in_either_step(Exception thrown, string start)
    {
        var errors = new StringWriter();
        Assert.Equal(1, CommandRunner.Run<int>(() => throw thrown, _ => 0, errors));
        Assert.StartsWith(start, errors.ToString());
        errors = new StringWriter();
        Assert.Equal(1, CommandRunner.Run(() => 0, _ => throw thrown, errors));
        Assert.StartsWith(start, errors.ToString());
    }

    [Fact]
    public void The_run_gets_the_validated_request_and_its_code_is_the_exit_code()
    {
        var errors = new StringWriter();
        Assert.Equal(3, CommandRunner.Run(() => "request", r => r == "request" ? 3 : 0, errors));
        Assert.Equal("", errors.ToString());
    }
}
