namespace Conference.Api.Restcomm;

/// <summary>
/// Restcomm's (and Twilio's) sids are the project's ids in their form: a two-letter prefix and the
/// id's 32 hex digits. <c>AC</c> is the customer, <c>CF</c> a conference, <c>CA</c> a call (a
/// participant is named by its call, as in Twilio), <c>PN</c> a dial-in number.
/// </summary>
public static class RestcommSids
{
    public const string Account = "AC";
    public const string Conference = "CF";
    public const string Call = "CA";
    public const string PhoneNumber = "PN";

    public static string Of(string prefix, Guid id) => prefix + id.ToString("N");

    /// <summary>The id inside a sid of the given kind; anything else (another prefix, not 32 hex digits) is none.</summary>
    public static Guid? Parse(string prefix, string sid) =>
        sid.Length == prefix.Length + 32 && sid.StartsWith(prefix, StringComparison.Ordinal)
        && Guid.TryParseExact(sid[prefix.Length..], "N", out var id) ? id : null;
}
