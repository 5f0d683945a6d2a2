using Conference.Adapters.Events;

namespace Conference.Api;

public sealed class ApiOptions
{
    /// <summary>The largest request body taken; a larger one is 413 and nothing is stored.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The key the media host proves itself with when it reports.</summary>
    public string MediaSharedKey { get; set; } = "";

    /// <summary>The blob container the media host records into.</summary>
    public string RecordingsContainer { get; set; } = "recordings";

    /// <summary>The key login tokens are signed with (at least 32 bytes; from Key Vault in Azure).</summary>
    public string TokenSigningKey { get; set; } = "";

    /// <summary>How long a login token is good for.</summary>
    public TimeSpan LoginTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Requests per second each token (or, without one, each client address) may make, on average, and in a burst.</summary>
    public int RateLimitPerSecond { get; set; } = 200;
    public int RateLimitBurst { get; set; } = 400;

    /// <summary>Login attempts per second per client address (each costs a deliberately slow password hash).</summary>
    public int LoginAttemptsPerSecond { get; set; } = 5;

    /// <summary>The languages the media host's speech-to-text engine does; <c>transcribe_start</c> refuses others (400).</summary>
    public string[] TranscribeLanguages { get; set; } = Core.Transcribes.TranscribeLanguages.Default;

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Whether this process delivers webhooks. One dispatcher per queue keeps each conference in order; a second one only adds repeats (same event id).</summary>
    public bool DeliverWebhooks { get; set; } = true;
}
