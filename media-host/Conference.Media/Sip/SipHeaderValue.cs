using System.Globalization;

namespace Conference.Media.Sip;

/// <summary>Reading the parts of header values: name-addr URIs, <c>;param=value</c> lists, comma lists.</summary>
public static class SipHeaderValue
{
    /// <summary>The URI of a name-addr (<c>"Bob" &lt;sip:bob@host&gt;;tag=1</c>) or addr-spec (<c>sip:bob@host;tag=1</c>).</summary>
    public static string Uri(string value)
    {
        var open = value.IndexOf('<');
        if (open >= 0)
        {
            var close = value.IndexOf('>', open);
            return close > open ? value[(open + 1)..close] : "";
        }
        var semicolon = value.IndexOf(';');
        return (semicolon >= 0 ? value[..semicolon] : value).Trim();
    }

    /// <summary>A header parameter (after the URI's closing bracket, or after the bare URI): its value, "" when absent.</summary>
    public static string Param(string value, string name)
    {
        var close = value.IndexOf('>');
        var parameters = close >= 0 ? value[(close + 1)..] : value;
        foreach (var part in parameters.Split(';').Skip(1))
        {
            var equals = part.IndexOf('=');
            var key = (equals >= 0 ? part[..equals] : part).Trim();
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return equals >= 0 ? part[(equals + 1)..].Trim() : "";
            }
        }
        return "";
    }

    public static bool HasParam(string value, string name)
    {
        var close = value.IndexOf('>');
        var parameters = close >= 0 ? value[(close + 1)..] : value;
        return parameters.Split(';').Skip(1).Any(p => (p.Contains('=') ? p[..p.IndexOf('=')] : p).Trim().Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Splits a header value on commas outside quotes and angle brackets.</summary>
    public static List<string> SplitCommas(string value)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '<' when !quoted:
                    depth++;
                    break;
                case '>' when !quoted:
                    depth--;
                    break;
                case ',' when !quoted && depth == 0:
                    parts.Add(value[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        parts.Add(value[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }
}

/// <summary>One Via value: <c>SIP/2.0/UDP host[:port];branch=...;rport</c>.</summary>
public sealed record SipVia(string Transport, string Host, int Port, string Branch, bool Rport, string Raw)
{
    public const string MagicCookie = "z9hG4bK";

    public static SipVia? Parse(string value)
    {
        var space = value.IndexOf(' ');
        if (space < 0 || !value.StartsWith("SIP/2.0/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var sentBy = value[(space + 1)..];
        var semicolon = sentBy.IndexOf(';');
        var hostPort = (semicolon >= 0 ? sentBy[..semicolon] : sentBy).Trim();
        var port = 5060;
        var colon = hostPort.LastIndexOf(':');
        if (colon > 0 && !hostPort.EndsWith(']') && int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
        {
            port = p;
            hostPort = hostPort[..colon];
        }
        var parameters = semicolon >= 0 ? sentBy[semicolon..] : "";
        return new SipVia(value[8..space], hostPort.Trim('[', ']'), port, SipHeaderValue.Param("x" + parameters, "branch"),
            SipHeaderValue.HasParam("x" + parameters, "rport"), value);
    }

    /// <summary>
    /// This Via as a response carries it: <c>received</c> when the packet came from elsewhere, and
    /// <c>rport</c> filled with the source port when asked for (RFC 3581).
    /// </summary>
    public string Stamped(System.Net.IPEndPoint source)
    {
        var value = Raw;
        if (Rport)
        {
            value = System.Text.RegularExpressions.Regex.Replace(value, @";\s*rport(=[^;]*)?", $";rport={source.Port}", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
        if ((Rport || source.Address.ToString() != Host) && !SipHeaderValue.HasParam("x" + value[value.IndexOf(' ')..], "received"))
        {
            value += $";received={source.Address}";
        }
        return value;
    }
}
