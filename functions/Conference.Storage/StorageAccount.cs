using Azure.Core;

namespace Conference.Storage;

/// <summary>
/// Where a storage account lives and how to prove who we are to it: an account key (Shared Key,
/// as Azurite and key-based accounts use) or a <see cref="TokenCredential"/> (managed identity).
/// </summary>
public sealed record StorageAccount(string Name, Uri BlobEndpoint, Uri TableEndpoint, Uri QueueEndpoint, byte[]? Key, TokenCredential? Credential)
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite on loopback at the given ports.</summary>
    public static StorageAccount Development(int blobPort = 10000, int queuePort = 10001, int tablePort = 10002, string host = "127.0.0.1") => new(
        DevelopmentAccountName,
        new Uri($"http://{host}:{blobPort}/{DevelopmentAccountName}"),
        new Uri($"http://{host}:{tablePort}/{DevelopmentAccountName}"),
        new Uri($"http://{host}:{queuePort}/{DevelopmentAccountName}"),
        Convert.FromBase64String(DevelopmentAccountKey),
        null);

    /// <summary>
    /// The account the local processes share: <c>CONFERENCE_STORAGE</c> (a connection string) when set,
    /// else Azurite at <c>CONFERENCE_AZURITE_HOST</c> and its <c>_BLOB/_QUEUE/_TABLE_PORT</c>s.
    /// </summary>
    /// <summary>
    /// <c>CONFERENCE_STORAGE_ACCOUNT</c> names an Azure account reached with <paramref name="credential"/>
    /// (the managed identity; no key anywhere); otherwise as <see cref="FromSettings(Func{string, string?})"/>.
    /// </summary>
    public static StorageAccount FromSettings(Func<string, string?> setting, Func<TokenCredential> credential) =>
        setting("CONFERENCE_STORAGE_ACCOUNT") is { Length: > 0 } account ? WithCredential(account, credential()) : FromSettings(setting);

    public static StorageAccount FromSettings(Func<string, string?> setting)
    {
        string Get(string name, string fallback) => setting(name) is { Length: > 0 } value ? value : fallback;
        int Port(string name, int fallback) => int.Parse(Get(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        return setting("CONFERENCE_STORAGE") is { Length: > 0 } connection
            ? Parse(connection)
            : Development(Port("CONFERENCE_AZURITE_BLOB_PORT", 10000), Port("CONFERENCE_AZURITE_QUEUE_PORT", 10001),
                Port("CONFERENCE_AZURITE_TABLE_PORT", 10002), Get("CONFERENCE_AZURITE_HOST", "127.0.0.1"));
    }

    /// <summary>An account reached with a token (managed identity): no key at all.</summary>
    public static StorageAccount WithCredential(string name, TokenCredential credential) => new(
        name,
        new Uri($"https://{name}.blob.core.windows.net"),
        new Uri($"https://{name}.table.core.windows.net"),
        new Uri($"https://{name}.queue.core.windows.net"),
        null,
        credential);

    /// <summary>Parses a storage connection string: <c>UseDevelopmentStorage=true</c> or account name, key and endpoints.</summary>
    public static StorageAccount Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return Development();
        }
        if (!parts.TryGetValue("AccountName", out var name) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new FormatException("A storage connection string needs AccountName and AccountKey, or UseDevelopmentStorage=true.");
        }
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        Uri Endpoint(string service) => parts.TryGetValue($"{service}Endpoint", out var explicitEndpoint)
            ? new Uri(explicitEndpoint.TrimEnd('/'))
            : new Uri($"{protocol}://{name}.{service.ToLowerInvariant()}.{suffix}");
        return new StorageAccount(name, Endpoint("Blob"), Endpoint("Table"), Endpoint("Queue"), Convert.FromBase64String(key), null);
    }

    public string ToConnectionString() => Key is null
        ? throw new InvalidOperationException("An account reached with a token has no connection string.")
        : $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={Name};AccountKey={Convert.ToBase64String(Key)};" +
          $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
}
