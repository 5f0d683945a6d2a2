using System.Globalization;
using Conference.Core.Conferences;

namespace Conference.Core.Calls;

/// <summary>
/// A SIP URI as the API and the media host use it: <c>sip:user@host[:port][;params]</c>. Both planes
/// read addresses through here, so a destination the API accepts is one the media host can dial.
/// </summary>
public sealed record SipAddress(string User, string Host, int Port)
{
    public const int DefaultPort = 5060;
    private const string DirectPrefix = "direct.";

    public static bool TryParse(string? text, out SipAddress address)
    {
        address = null!;
        if (text is null || !text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var rest = text[4..];
        var end = rest.IndexOfAny([';', '?', '>']);
        if (end >= 0)
        {
            rest = rest[..end];
        }
        var at = rest.LastIndexOf('@');
        var user = at >= 0 ? rest[..at] : "";
        var hostPort = at >= 0 ? rest[(at + 1)..] : rest;
        var port = DefaultPort;
        string host;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }
            host = hostPort[1..close];
            hostPort = hostPort[(close + 1)..];
            if (hostPort.Length > 0 && !TryPort(hostPort, out port))
            {
                return false;
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            if (colon >= 0 && !TryPort(hostPort[colon..], out port))
            {
                return false;
            }
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '<' or '"') || user.Any(char.IsWhiteSpace))
        {
            return false;
        }
        address = new SipAddress(user, host, port);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        text.StartsWith(':') & int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;

    /// <summary>The direct hash of a conference's dial-in address (<c>direct.&lt;hash&gt;</c>), or null.</summary>
    public string? DirectHashOf() =>
        User.StartsWith(DirectPrefix, StringComparison.OrdinalIgnoreCase) && DirectHash.IsWellFormed(User[DirectPrefix.Length..].ToLowerInvariant())
            ? User[DirectPrefix.Length..].ToLowerInvariant()
            : null;

    public static string DirectUser(string hash) => DirectPrefix + hash;

    public override string ToString() => $"sip:{(User.Length > 0 ? User + "@" : "")}{(Host.Contains(':') ? $"[{Host}]" : Host)}{(Port == DefaultPort ? "" : $":{Port}")}";
}
