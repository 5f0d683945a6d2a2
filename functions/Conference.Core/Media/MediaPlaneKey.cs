using System.Security.Cryptography;
using System.Text;

namespace Conference.Core.Media;

/// <summary>The planes' shared key: the header both directions carry it in, and the one constant-time check of it.</summary>
public static class MediaPlaneKey
{
    public const string Header = "X-Media-Key";

    /// <summary>True when a key is configured and <paramref name="given"/> is it; time does not depend on where they differ.</summary>
    public static bool Matches(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
