using System.Security.Cryptography;

namespace Conference.Core.Conferences;

/// <summary>The direct hash: 12 lowercase hex digits that make the SIP address <c>sip:direct.&lt;hash&gt;@domain</c>.</summary>
public static class DirectHash
{
    public const int Length = 12;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsWellFormed(string? hash) =>
        hash is { Length: Length } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
