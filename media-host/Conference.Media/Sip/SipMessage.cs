using System.Globalization;
using System.Text;

namespace Conference.Media.Sip;

/// <summary>
/// One SIP request or response (RFC 3261 section 7), parsed from a UDP datagram or built to send.
/// Header names are kept in their full form (compact forms such as <c>v</c>, <c>i</c>, <c>f</c> are
/// expanded on parse), comma-joined Via values are split, and the body is exactly Content-Length
/// bytes. Anything that does not parse is a <see cref="SipParseException"/>; a caller counts and
/// drops it, or answers 400 when enough of it was read.
/// </summary>
public sealed class SipMessage
{
    public const int MaxDatagram = 65_507;
    private static readonly Dictionary<string, string> CompactForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID", ["m"] = "Contact", ["e"] = "Content-Encoding", ["l"] = "Content-Length", ["c"] = "Content-Type",
        ["f"] = "From", ["s"] = "Subject", ["k"] = "Supported", ["t"] = "To", ["v"] = "Via", ["o"] = "Event", ["r"] = "Refer-To",
    };
    private static readonly Dictionary<string, string> CanonicalNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["call-id"] = "Call-ID", ["cseq"] = "CSeq", ["www-authenticate"] = "WWW-Authenticate", ["record-route"] = "Record-Route",
        ["max-forwards"] = "Max-Forwards", ["content-length"] = "Content-Length", ["content-type"] = "Content-Type",
    };

    private readonly List<KeyValuePair<string, string>> _headers = [];

    private SipMessage() { }

    public bool IsRequest { get; private init; }
    public string Method { get; private init; } = "";
    public string RequestUri { get; private init; } = "";
    public int StatusCode { get; private init; }
    public string ReasonPhrase { get; private init; } = "";
    public byte[] Body { get; set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public static SipMessage Request(string method, string uri) => new() { IsRequest = true, Method = method, RequestUri = uri };

    public static SipMessage Response(int status, string reason) => new() { StatusCode = status, ReasonPhrase = reason };

    public string? this[string name] => _headers.Find(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name) =>
        _headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public SipMessage Add(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public SipMessage Set(string name, string value)
    {
        var index = _headers.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            _headers.Add(new(name, value));
        }
        else
        {
            _headers[index] = new(name, value);
        }
        return this;
    }

    public SipMessage Remove(string name)
    {
        _headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    public string CallId => this["Call-ID"] ?? "";

    /// <summary>The CSeq number and method.</summary>
    public (uint Number, string Method) CSeq
    {
        get
        {
            var value = this["CSeq"] ?? "";
            var space = value.IndexOf(' ');
            return space > 0 && uint.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? (number, value[(space + 1)..].Trim())
                : (0, "");
        }
    }

    public SipVia? TopVia => this["Via"] is { } via ? SipVia.Parse(via) : null;

    public string FromTag => SipHeaderValue.Param(this["From"] ?? "", "tag");

    public string ToTag => SipHeaderValue.Param(this["To"] ?? "", "tag");

    /// <summary>Reads a datagram; throws <see cref="SipParseException"/> on anything RFC 3261 would not accept.</summary>
    public static SipMessage Parse(ReadOnlySpan<byte> datagram)
    {
        var headerEnd = datagram.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (headerEnd < 0)
        {
            headerEnd = datagram.IndexOf("\n\n"u8);
            separator = 2;
        }
        if (headerEnd < 0)
        {
            throw new SipParseException("No blank line ends the headers.");
        }
        string head;
        try
        {
            head = Encoding.UTF8.GetString(datagram[..headerEnd]);
        }
        catch (ArgumentException)
        {
            throw new SipParseException("The headers are not UTF-8.");
        }
        var lines = Unfold(head.Split('\n').Select(l => l.TrimEnd('\r')).ToList());
        if (lines.Count == 0 || lines[0].Length == 0)
        {
            throw new SipParseException("No start line.");
        }
        var message = ParseStartLine(lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new SipParseException($"Not a header: '{Clip(line)}'.");
            }
            var name = Canonical(line[..colon].Trim());
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127))
            {
                throw new SipParseException($"Not a header name: '{Clip(line)}'.");
            }
            var value = line[(colon + 1)..].Trim();
            if (name == "Via")
            {
                foreach (var part in SipHeaderValue.SplitCommas(value))
                {
                    message._headers.Add(new(name, part));
                }
            }
            else
            {
                message._headers.Add(new(name, value));
            }
        }
        foreach (var required in (string[])["Via", "Call-ID", "CSeq", "From", "To"])
        {
            if (message[required] is null)
            {
                throw new SipParseException($"'{required}' is missing.", message);
            }
        }
        if (message.CSeq.Method.Length == 0)
        {
            throw new SipParseException("CSeq is not '<number> <method>'.", message);
        }
        var rest = datagram[(headerEnd + separator)..];
        if (message["Content-Length"] is { } lengthText)
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > rest.Length)
            {
                throw new SipParseException("Content-Length is not the body's length.", message);
            }
            rest = rest[..length];
        }
        message.Body = rest.ToArray();
        return message;
    }

    private static SipMessage ParseStartLine(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length == 3 && parts[0] == "SIP/2.0")
        {
            if (parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100 || status > 699)
            {
                throw new SipParseException($"Not a status code: '{Clip(parts[1])}'.");
            }
            return Response(status, parts[2]);
        }
        if (parts.Length == 3 && parts[2] == "SIP/2.0" && parts[0].Length > 0 && parts[0].All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or '-' or '_' or '.' or '!' or '%' or '*' or '+' or '`' or '\'' or '~')
            && parts[1].Contains(':'))
        {
            return Request(parts[0], parts[1]);
        }
        throw new SipParseException($"Not a SIP start line: '{Clip(line)}'.");
    }

    /// <summary>Lines starting with white space continue the header before them (RFC 3261 7.3.1).</summary>
    private static List<string> Unfold(List<string> lines)
    {
        var result = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && result.Count > 1)
            {
                result[^1] += " " + line.Trim();
            }
            else
            {
                result.Add(line);
            }
        }
        return result;
    }

    private static string Canonical(string name)
    {
        if (CompactForms.TryGetValue(name, out var full))
        {
            return full;
        }
        if (CanonicalNames.TryGetValue(name, out var canonical))
        {
            return canonical;
        }
        return string.Join('-', name.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "...";

    public byte[] ToBytes()
    {
        var builder = new StringBuilder(512);
        builder.Append(IsRequest ? $"{Method} {RequestUri} SIP/2.0\r\n" : $"SIP/2.0 {StatusCode} {ReasonPhrase}\r\n");
        foreach (var (name, value) in _headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        builder.Append("Content-Length: ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var head = Encoding.UTF8.GetBytes(builder.ToString());
        return Body.Length == 0 ? head : [.. head, .. Body];
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}

public sealed class SipParseException(string message, SipMessage? partial = null) : Exception(message)
{
    /// <summary>The message as far as it was read, when its start line and headers were: enough to answer 400.</summary>
    public SipMessage? Partial { get; } = partial;
}
