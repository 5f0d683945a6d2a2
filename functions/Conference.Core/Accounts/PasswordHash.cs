using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Conference.Core.Accounts;

/// <summary>
/// Passwords are kept as a slow salted hash: PBKDF2-HMAC-SHA256 with a random 16-byte salt,
/// stored as <c>pbkdf2-sha256$iterations$salt$hash</c> so the cost can rise later without
/// invalidating what is stored.
/// </summary>
public static class PasswordHash
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";

    public static string Of(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="stored"/> was made from; the comparison takes the same time wherever they differ.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A hash no password matches, verified for unknown users so a login takes as long whether or not the user exists.</summary>
    public static readonly string Decoy = Of(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
}
