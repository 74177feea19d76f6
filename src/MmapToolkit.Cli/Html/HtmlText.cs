using System.Globalization;
using System.Net;
using System.Text;

namespace MmapToolkit.Cli.Html;

/// <summary>Every text that goes into a page goes through here: escaped for element content and quoted attributes.</summary>
internal static class HtmlText
{
    /// <summary>&lt; &gt; &amp; " and ' escaped: safe in content and in a double-quoted attribute.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>An element with escaped text content and (already escaped) attributes.</summary>
    public static StringBuilder Element(this StringBuilder html, string tag, string text, string? attributes = null) =>
        html.Append('<').Append(tag).Append(attributes is null ? "" : " " + attributes).Append('>')
            .Append(Escape(text)).Append("</").Append(tag).Append('>');

    /// <summary>name="value", the value escaped.</summary>
    public static string Attribute(string name, string value) => $"{name}=\"{Escape(value)}\"";
}
