using System.Security.Claims;
using Conference.Core.Accounts;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Adapters.Accounts;

/// <summary>
/// The tokens <c>POST /v1.0/auth/login</c> hands out: a JWT signed with HMAC-SHA256 under a key
/// from the settings (Key Vault in Azure), naming the customer and the user, valid for
/// <see cref="LoginTokenOptions.Lifetime"/>. Expiry is checked against the injected clock with no
/// skew allowance, so a token is refused from the second it expires.
/// </summary>
public sealed class LoginTokens(LoginTokenOptions options, TimeProvider? time = null)
{
    private const string Issuer = "conference";
    private const string CustomerClaim = "customer_id";
    private const string UserClaim = "user_id";
    private const string PermissionClaim = "permission";
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key = KeyOf(options.SigningKey);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public (string Token, DateTime Expires) Issue(Principal principal, string username)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var expires = now + options.Lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, username), new Claim(CustomerClaim, principal.CustomerId.ToString()),
                new Claim(UserClaim, principal.UserId.ToString()), new Claim(PermissionClaim, principal.Permission),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>True when the text has the shape of a JWT (three dot-separated parts), so it is not looked up as an access key.</summary>
    public static bool LooksLikeToken(string text) => text.Count(c => c == '.') == 2 && text.StartsWith("eyJ", StringComparison.Ordinal);

    /// <summary>Who a valid, unexpired token of ours speaks for; null for anything else.</summary>
    public async Task<Principal?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false,
            RequireExpirationTime = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || jwt.ValidTo <= _time.GetUtcNow().UtcDateTime || jwt.ValidFrom > _time.GetUtcNow().UtcDateTime.AddMinutes(1))
        {
            return null;
        }
        return jwt.TryGetPayloadValue<string>(CustomerClaim, out var customer) && Guid.TryParse(customer, out var customerId)
               && jwt.TryGetPayloadValue<string>(UserClaim, out var user) && Guid.TryParse(user, out var userId)
               && jwt.TryGetPayloadValue<string>(PermissionClaim, out var permission) && Permissions.All.Contains(permission)
            ? new Principal(customerId, permission, userId)
            : null;
    }

    private static SymmetricSecurityKey KeyOf(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return bytes.Length >= 32 ? new SymmetricSecurityKey(bytes) : throw new ArgumentException("The token signing key is at least 32 bytes.", nameof(secret));
    }
}

public sealed record LoginTokenOptions(string SigningKey, TimeSpan Lifetime);
