namespace MmapToolkit.Model.Kernel;

/// <summary>
/// The layout of an executable or shared library in the model's file system: the file holds <see cref="TextPages"/>
/// pages of text followed by <see cref="DataPages"/> pages of initialized data; <see cref="BssPages"/> more pages of bss
/// are zero and take no room in the file. A program may name shared libraries that execve maps too.
/// </summary>
public sealed record ProgramImage(int TextPages, int DataPages, int BssPages, IReadOnlyList<string> Libraries)
{
    public long DataFileOffsetPages => TextPages;
}
