using System.Diagnostics;
using MmapToolkit.Files;

namespace MmapToolkit.Linux.Tests.Files;

/// <summary>What a path names, and what a handle has open: a FIFO opens at once without blocking, and is seen as a FIFO.</summary>
public class FileStatusTests
{
    [Fact]
    public async Task AFifoOpensWithoutWaitingAndItsHandleSaysFifo()
    {
        string dir = Directory.CreateTempSubdirectory("mmaptk-fifo-").FullName;
        try
        {
            string fifo = Path.Combine(dir, "pipe");
            using (var mk = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!) mk.WaitForExit();
            Assert.Equal(FileType.Fifo, FileStatus.Of(fifo)!.Type);

            // No writer ever comes: a blocking open would never return.
            var open = Task.Run(() => PosixFile.OpenReadOnlyNonBlocking(fifo));
            Assert.Same(open, await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(30))));
            using var handle = await open;
            Assert.Equal(FileType.Fifo, FileStatus.Of(handle).Type);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ARegularFileHandleGivesItsTypeSizeAndOwner()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[12345]);
            using var handle = PosixFile.OpenReadOnlyNonBlocking(path);
            var status = FileStatus.Of(handle);
            Assert.True(status.IsRegular);
            Assert.Equal(12345, status.Size);
            Assert.Equal(FileStatus.EffectiveUserId, status.Owner);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
