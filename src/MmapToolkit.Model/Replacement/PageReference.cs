namespace MmapToolkit.Model.Replacement;

/// <summary>One entry of a reference string: a virtual page number and whether the access is a store ('w') or a load.</summary>
public readonly record struct PageReference(long Page, bool IsWrite)
{
    public override string ToString() => IsWrite ? $"{Page}w" : Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
