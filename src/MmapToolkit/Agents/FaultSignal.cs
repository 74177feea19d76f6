namespace MmapToolkit.Agents;

/// <summary>
/// The SIGSEGV or SIGBUS that stopped a touch loop: the signal, its si_code (SEGV_MAPERR: nothing is mapped
/// there; SEGV_ACCERR: mapped, but the protection forbids the access; BUS_ADRERR: past the end of a mapped
/// file, ...), which access in the list (<see cref="Index"/>) and the faulting address.
/// </summary>
public sealed record FaultSignal(int Signal, int Code, int Index, nint Address)
{
    /// <summary>Signal number of SIGBUS on Linux x86_64.</summary>
    public const int SIGBUS = 7;
    /// <summary>Signal number of SIGSEGV.</summary>
    public const int SIGSEGV = 11;
    /// <summary>SIGSEGV's si_code: no mapping at the address.</summary>
    public const int SEGV_MAPERR = 1;
    /// <summary>SIGSEGV's si_code: mapped, but the protection forbids the access.</summary>
    public const int SEGV_ACCERR = 2;
    /// <summary>SIGBUS's si_code: misaligned address.</summary>
    public const int BUS_ADRALN = 1;
    /// <summary>SIGBUS's si_code: no backing at the address (e.g. a page past the end of a mapped file).</summary>
    public const int BUS_ADRERR = 2;
    /// <summary>SIGBUS's si_code: a hardware error specific to the object.</summary>
    public const int BUS_OBJERR = 3;

    /// <summary>"SIGSEGV", "SIGBUS", or "signal N".</summary>
    public string SignalName => Signal switch
    {
        SIGSEGV => "SIGSEGV",
        SIGBUS => "SIGBUS",
        _ => $"signal {Signal}",
    };

    /// <summary>The si_code's name for this signal ("SEGV_ACCERR", "BUS_ADRERR", ...), or "si_code N".</summary>
    public string CodeName => (Signal, Code) switch
    {
        (SIGSEGV, SEGV_MAPERR) => "SEGV_MAPERR",
        (SIGSEGV, SEGV_ACCERR) => "SEGV_ACCERR",
        (SIGSEGV, 3) => "SEGV_BNDERR",
        (SIGSEGV, 4) => "SEGV_PKUERR",
        (SIGBUS, BUS_ADRALN) => "BUS_ADRALN",
        (SIGBUS, BUS_ADRERR) => "BUS_ADRERR",
        (SIGBUS, BUS_OBJERR) => "BUS_OBJERR",
        (SIGBUS, 4) => "BUS_MCEERR_AR",
        (SIGBUS, 5) => "BUS_MCEERR_AO",
        _ => $"si_code {Code}",
    };

    /// <summary>SIGSEGV with SEGV_MAPERR: the address is not mapped.</summary>
    public bool IsUnmapped => Signal == SIGSEGV && Code == SEGV_MAPERR;

    /// <summary>SIGSEGV with SEGV_ACCERR: mapped, but the protection forbids this access.</summary>
    public bool IsProtectionViolation => Signal == SIGSEGV && Code == SEGV_ACCERR;

    /// <summary>The signal, its code, the address and the access index, on one line.</summary>
    public override string ToString() => $"{SignalName} ({CodeName}) at 0x{Address:x}, access {Index}";
}
