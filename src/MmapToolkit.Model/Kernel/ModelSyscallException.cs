namespace MmapToolkit.Model.Kernel;

/// <summary>Error numbers the model's system calls return.</summary>
public enum ModelErrno { EINVAL, ENOMEM, ETXTBSY, ENOENT, EACCES, EBADF, ESRCH, EEXIST, ENOEXEC }

/// <summary>
/// A model system call failed, as the real one would with -1 and errno: message like
/// "execve(/bin/app) failed: ETXTBSY (the file is open for writing by 1 descriptor)". Faults on memory accesses are
/// never thrown: they are reported in an <see cref="AccessResult"/>.
/// </summary>
public sealed class ModelSyscallException : InvalidOperationException
{
    public ModelSyscallException(string call, ModelErrno errno, string reason)
        : base($"{call} failed: {errno} ({reason})")
    {
        Call = call;
        Errno = errno;
        Reason = reason;
    }

    public string Call { get; }
    public ModelErrno Errno { get; }
    public string Reason { get; }
}
