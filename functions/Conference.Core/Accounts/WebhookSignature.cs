using System.Security.Cryptography;
using System.Text;

namespace Conference.Core.Accounts;

/// <summary>
/// A webhook delivery is signed with HMAC-SHA256 under the customer's webhook secret over
/// <c>"{timestamp}.{body}"</c>: <c>X-Signature-Timestamp</c> carries the Unix seconds,
/// <c>X-Signature</c> the lowercase hex digest. A receiver recomputes it and compares in constant
/// time, and refuses an old timestamp so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature";
    public const string TimestampHeader = "X-Signature-Timestamp";
    public const string EventIdHeader = "X-Event-Id";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of this body at this timestamp, and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>A new secret for signing: 32 random bytes as hex, prefixed so it is recognisable in a settings file.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
