using System.Globalization;
using System.Net;
using Azure.Core;
using Azure.Identity;
using Conference.Storage;
using Microsoft.Extensions.Configuration;

namespace Conference.MediaHost;

/// <summary>
/// The media host's settings, from the same <c>CONFERENCE_*</c> environment variables as the control
/// plane so one script configures both (the README lists them). The shared key is
/// <c>CONFERENCE_MEDIA_KEY</c>, or the Key Vault secret <c>CONFERENCE_MEDIA_KEY_SECRET_URI</c> names (read
/// with the container's managed identity), or, on one machine, the one the control plane keeps in its
/// data folder. Storage is <c>CONFERENCE_STORAGE_ACCOUNT</c> with the managed identity in Azure.
/// </summary>
public sealed record MediaHostSettings(
    string ListenUrl,
    Uri ControlPlaneUrl,
    string SharedKey,
    StorageConnection Storage,
    string RecordingsContainer,
    IPAddress RtpAddress,
    int RtpFirstPort,
    int RtpLastPort,
    int ClockThreads,
    IPEndPoint SipListen,
    IPAddress PublicAddress)
{
    public static MediaHostSettings From(IConfiguration configuration)
    {
        string Get(string name, string fallback) => configuration[name] is { Length: > 0 } value ? value : fallback;
        var ports = Get("CONFERENCE_RTP_PORTS", "10000-10999").Split('-');
        var rtpAddress = IPAddress.Parse(Get("CONFERENCE_RTP_ADDRESS", "127.0.0.1"));
        var dataDirectory = Path.GetFullPath(Get("CONFERENCE_DATA_DIR", ".local"));
        var keyFile = Path.Combine(dataDirectory, "media-key");
        var credential = new Lazy<TokenCredential>(() => new DefaultAzureCredential());
        var key = configuration["CONFERENCE_MEDIA_KEY"] is { Length: > 0 } given ? given
            : configuration["CONFERENCE_MEDIA_KEY_SECRET_URI"] is { Length: > 0 } secretUri
                ? KeyVaultSharedKey.ReadAsync(new Uri(secretUri), credential.Value, CancellationToken.None).GetAwaiter().GetResult()
            : File.Exists(keyFile) ? File.ReadAllText(keyFile).Trim()
            : throw new InvalidOperationException($"No shared key: set CONFERENCE_MEDIA_KEY, or start the control plane first so that {keyFile} exists.");
        return new MediaHostSettings(
            Get("CONFERENCE_MEDIA_HOST_URL", "http://127.0.0.1:7080").TrimEnd('/'),
            new Uri(Get("CONFERENCE_API_URL", "http://127.0.0.1:7070").TrimEnd('/') + "/"),
            key,
            StorageConnection.FromSettings(name => configuration[name], () => credential.Value),
            Get("CONFERENCE_RECORDINGS_CONTAINER", "recordings"),
            rtpAddress,
            int.Parse(ports[0], CultureInfo.InvariantCulture),
            int.Parse(ports.Length > 1 ? ports[1] : ports[0], CultureInfo.InvariantCulture),
            int.Parse(Get("CONFERENCE_MEDIA_CLOCK_THREADS", "0"), CultureInfo.InvariantCulture),
            IPEndPoint.Parse(Get("CONFERENCE_SIP_LISTEN", "127.0.0.1:5060")),
            PublicAddressOf(Get("CONFERENCE_PUBLIC_ADDRESS", ""), rtpAddress));
    }

    /// <summary>The address SIP and SDP give out: as set, else the RTP address unless that is a wildcard.</summary>
    private static IPAddress PublicAddressOf(string given, IPAddress rtp)
    {
        if (given.Length > 0)
        {
            return IPAddress.Parse(given);
        }
        return rtp.Equals(IPAddress.Any) || rtp.Equals(IPAddress.IPv6Any)
            ? throw new InvalidOperationException("CONFERENCE_RTP_ADDRESS is a wildcard: set CONFERENCE_PUBLIC_ADDRESS to the address callers reach.")
            : rtp;
    }
}
