using Conference.Storage;
using Microsoft.Extensions.Configuration;

namespace Conference.Functions;

/// <summary>
/// The Function App's settings: storage by connection string (<c>CONFERENCE_STORAGE</c>, Azurite
/// locally) or by account name with the app's managed identity (<c>CONFERENCE_STORAGE_ACCOUNT</c>),
/// the media host's URL, the planes' shared key, the admin password and the token signing key
/// (Key Vault references in Azure).
/// </summary>
public sealed record AzureSettings(StorageConnection Storage, Uri MediaHostUrl, string MediaKey, string? BootstrapAccessKey, Guid BootstrapCustomerId,
    string AdminUsername, string AdminPassword, string TokenSigningKey)
{
    /// <summary>What the media host's speech-to-text engine does (<c>CONFERENCE_TRANSCRIBE_LANGUAGES</c>).</summary>
    public string[] TranscribeLanguages { get; init; } = Core.Transcribes.TranscribeLanguages.Default;

    public static AzureSettings From(IConfiguration configuration)
    {
        var storage = StorageConnection.FromSettings(name => configuration[name]);
        return new AzureSettings(
            storage,
            new Uri((configuration["CONFERENCE_MEDIA_HOST_URL"] ?? "http://127.0.0.1:7080").TrimEnd('/') + "/"),
            configuration["CONFERENCE_MEDIA_KEY"] ?? throw new InvalidOperationException("CONFERENCE_MEDIA_KEY is not set."),
            configuration["CONFERENCE_BOOTSTRAP_ACCESS_KEY"],
            Guid.TryParse(configuration["CONFERENCE_BOOTSTRAP_CUSTOMER_ID"], out var customer) ? customer : Guid.Parse("5e4a0680-804e-11ec-8477-2fea5968d85b"),
            configuration["CONFERENCE_ADMIN_USERNAME"] ?? "admin",
            configuration["CONFERENCE_ADMIN_PASSWORD"] ?? throw new InvalidOperationException("CONFERENCE_ADMIN_PASSWORD is not set."),
            configuration["CONFERENCE_TOKEN_SIGNING_KEY"] ?? throw new InvalidOperationException("CONFERENCE_TOKEN_SIGNING_KEY is not set."))
        {
            TranscribeLanguages = Core.Transcribes.TranscribeLanguages.From(configuration["CONFERENCE_TRANSCRIBE_LANGUAGES"]),
        };
    }
}
