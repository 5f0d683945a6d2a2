namespace Conference.Api;

public sealed class ApiOptions
{
    /// <summary>The largest request body taken; a larger one is 413 and nothing is stored.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The key the media host proves itself with when it reports.</summary>
    public string MediaSharedKey { get; set; } = "";

    /// <summary>The blob container the media host records into.</summary>
    public string RecordingsContainer { get; set; } = "recordings";
}
