using Conference.Storage;
using Microsoft.Extensions.Configuration;

namespace Conference.LocalHost;

/// <summary>
/// The local stack's settings, all from environment variables (or any configuration source),
/// so a script can start it on chosen ports with a known key. The README lists them.
/// </summary>
public sealed record LocalSettings(
    string ApiUrl,
    StorageConnection Storage,
    string DataDirectory,
    string? DevelopmentAccessKey,
    Guid DevelopmentCustomerId,
    Uri MediaHostUrl,
    string? MediaSharedKey,
    long MaxBodyBytes,
    string AdminUsername,
    string? AdminPassword,
    string? TokenSigningKey,
    int RateLimitPerSecond,
    TimeSpan LoginTokenLifetime,
    Adapters.Events.WebhookOptions Webhooks,
    bool DeliverWebhooks,
    string Engine)
{
    public static LocalSettings From(IConfiguration configuration)
    {
        string Get(string name, string fallback) => configuration[name] is { Length: > 0 } value ? value : fallback;
        var storage = StorageConnection.FromSettings(name => configuration[name]);
        return new LocalSettings(
            Get("CONFERENCE_API_URL", "http://127.0.0.1:7070"),
            storage,
            Path.GetFullPath(Get("CONFERENCE_DATA_DIR", ".local")),
            configuration["CONFERENCE_DEV_ACCESS_KEY"] is { Length: > 0 } key ? key : null,
            Guid.Parse(Get("CONFERENCE_DEV_CUSTOMER_ID", "5e4a0680-804e-11ec-8477-2fea5968d85b")),
            new Uri(Get("CONFERENCE_MEDIA_HOST_URL", "http://127.0.0.1:7080").TrimEnd('/') + "/"),
            configuration["CONFERENCE_MEDIA_KEY"] is { Length: > 0 } media ? media : null,
            long.Parse(Get("CONFERENCE_MAX_BODY_BYTES", "65536")),
            Get("CONFERENCE_ADMIN_USERNAME", "admin"),
            configuration["CONFERENCE_ADMIN_PASSWORD"] is { Length: > 0 } password ? password : null,
            configuration["CONFERENCE_TOKEN_SIGNING_KEY"] is { Length: > 0 } signing ? signing : null,
            int.Parse(Get("CONFERENCE_RATE_LIMIT", "200")),
            TimeSpan.FromSeconds(int.Parse(Get("CONFERENCE_LOGIN_TOKEN_SECONDS", "86400"))),
            new Adapters.Events.WebhookOptions
            {
                BaseDelay = TimeSpan.FromMilliseconds(int.Parse(Get("CONFERENCE_WEBHOOK_RETRY_MS", "1000"))),
                MaxAttempts = int.Parse(Get("CONFERENCE_WEBHOOK_MAX_ATTEMPTS", "15")),
                PollInterval = TimeSpan.FromMilliseconds(int.Parse(Get("CONFERENCE_WEBHOOK_POLL_MS", "1000"))),
            },
            Get("CONFERENCE_DELIVER_WEBHOOKS", "true") != "false",
            Get("CONFERENCE_ENGINE", Engines.Embedded));
    }

    /// <summary>A secret given in the settings, or else the one made on first start and kept in the data folder.</summary>
    public string SecretOrStored(string? given, string file, Func<string> create)
    {
        if (given is not null)
        {
            return given;
        }
        var path = Path.Combine(DataDirectory, file);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        Directory.CreateDirectory(DataDirectory);
        var secret = create();
        File.WriteAllText(path, secret);
        return secret;
    }
}
