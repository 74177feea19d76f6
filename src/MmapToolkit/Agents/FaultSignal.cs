namespace MmapToolkit.Agents;

/// <summary>
/// The SIGSEGV or SIGBUS that stopped a touch loop: the signal, its si_code (SEGV_MAPERR: nothing is mapped
/// there; SEGV_ACCERR: mapped, but the protection forbids the access; BUS_ADRERR: past the end of a mapped
/// file, ...), which access in the list (<see cref="Index"/>) and the faulting address.
/// </summary>
public sealed record FaultSignal(int Signal, int Code, int Index, nint Address)
{
    public const int SIGBUS = 7, SIGSEGV = 11;
    public const int SEGV_MAPERR = 1, SEGV_ACCERR = 2;
    public const int BUS_ADRALN = 1, BUS_ADRERR = 2, BUS_OBJERR = 3;

    public string SignalName => Signal switch
    {
        SIGSEGV => "SIGSEGV",
        SIGBUS => "SIGBUS",
        _ => $"signal {Signal}",
    };

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

    public override string ToString() => $"{SignalName} ({CodeName}) at 0x{Address:x}, access {Index}";
}
