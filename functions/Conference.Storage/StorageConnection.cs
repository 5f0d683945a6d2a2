using Azure.Core;
using Azure.Identity;

namespace Conference.Storage;

/// <summary>
/// Where the storage account is and how we prove who we are to it: a connection string (Azurite,
/// or an account key), or an account name reached with a token credential (the managed identity
/// in Azure, where the Bicep turns shared keys off).
/// </summary>
public sealed record StorageConnection
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnection(string? connectionString, string? accountName, Func<TokenCredential>? credential)
    {
        ConnectionString = connectionString;
        AccountName = accountName;
        Credential = credential;
    }

    /// <summary>Set when the account is reached with its key.</summary>
    public string? ConnectionString { get; }

    /// <summary>Set when the account is reached with <see cref="Credential"/>.</summary>
    public string? AccountName { get; }

    public Func<TokenCredential>? Credential { get; }

    public Uri TableEndpoint => new($"https://{AccountName}.table.core.windows.net");
    public Uri BlobEndpoint => new($"https://{AccountName}.blob.core.windows.net");

    public static StorageConnection FromConnectionString(string connectionString) => new(connectionString, null, null);

    public static StorageConnection WithCredential(string accountName, Func<TokenCredential> credential) => new(null, accountName, credential);

    /// <summary>Azurite on loopback at the given ports.</summary>
    public static StorageConnection Development(int blobPort = 10000, int queuePort = 10001, int tablePort = 10002, string host = "127.0.0.1") => new(
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://{host}:{blobPort}/{DevelopmentAccountName};QueueEndpoint=http://{host}:{queuePort}/{DevelopmentAccountName};" +
        $"TableEndpoint=http://{host}:{tablePort}/{DevelopmentAccountName};", null, null);

    /// <summary>
    /// From the <c>CONFERENCE_*</c> settings both processes share: <c>CONFERENCE_STORAGE_ACCOUNT</c> names
    /// an Azure account reached with the managed identity (<see cref="DefaultAzureCredential"/>, or
    /// <paramref name="credential"/>); else <c>CONFERENCE_STORAGE</c> is a connection string; else Azurite
    /// at <c>CONFERENCE_AZURITE_HOST</c> and its <c>_BLOB/_QUEUE/_TABLE_PORT</c>s.
    /// </summary>
    public static StorageConnection FromSettings(Func<string, string?> setting, Func<TokenCredential>? credential = null)
    {
        string Get(string name, string fallback) => setting(name) is { Length: > 0 } value ? value : fallback;
        int Port(string name, int fallback) => int.Parse(Get(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        if (setting("CONFERENCE_STORAGE_ACCOUNT") is { Length: > 0 } account)
        {
            return WithCredential(account, credential ?? (() => new DefaultAzureCredential()));
        }
        return setting("CONFERENCE_STORAGE") is { Length: > 0 } connection
            ? FromConnectionString(connection)
            : Development(Port("CONFERENCE_AZURITE_BLOB_PORT", 10000), Port("CONFERENCE_AZURITE_QUEUE_PORT", 10001),
                Port("CONFERENCE_AZURITE_TABLE_PORT", 10002), Get("CONFERENCE_AZURITE_HOST", "127.0.0.1"));
    }
}
