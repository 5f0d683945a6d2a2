using Conference.Adapters.Accounts;
using Conference.Core.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Every /v1.0 request names who it speaks for with a token: <c>?token=</c> (as in the seeds) or
/// <c>Authorization: Bearer</c>; the Restcomm/Twilio facade's clients send it as the password of
/// HTTP Basic (<c>AccountSid:AuthToken</c>), Kazoo's in <c>X-Auth-Token</c>. The token is a login token from <c>POST /v1.0/auth/login</c> (a
/// signed JWT naming the customer, the user and its permission) or an access key. It admits the
/// request only while its customer is active (a deleted customer's keys and tokens are refused at
/// once) and, for a login token, while its user exists. Without a valid one the answer is 401.
/// </summary>
public static class CustomerAuthentication
{
    private static readonly object Key = new();

    /// <summary>Finds who the caller is; the 401 answer when nobody.</summary>
    public static async Task<IResult?> AuthenticateAsync(HttpContext context)
    {
        var token = TokenOf(context.Request);
        var principal = token is null ? null : await PrincipalOfAsync(context.RequestServices, token, context.RequestAborted);
        if (principal is null)
        {
            return Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED",
                token is null ? "A token is required: ?token=... or Authorization: Bearer ..." : "The token is unknown or expired.");
        }
        context.Items[Key] = principal;
        return null;
    }

    public static async Task<Principal?> PrincipalOfAsync(IServiceProvider services, string token, CancellationToken cancellationToken)
    {
        var principal = LoginTokens.LooksLikeToken(token)
            ? await services.GetRequiredService<LoginTokens>().ValidateAsync(token)
            : await services.GetRequiredService<AccessKeyStore>().AuthenticateAsync(token, cancellationToken);
        if (principal is null
            || await services.GetRequiredService<CustomerStore>().GetCachedAsync(principal.CustomerId, cancellationToken) is not { IsActive: true }
            || (principal.UserId != Guid.Empty && !await services.GetRequiredService<UserStore>().ExistsCachedAsync(principal.UserId, cancellationToken)))
        {
            return null;
        }
        return principal;
    }

    public static Principal Principal(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var principal) ? (Principal)principal! : throw new InvalidOperationException("No principal on this request.");

    public static Guid Customer(this HttpContext context) => context.Principal().CustomerId;

    public const string KazooTokenHeader = "X-Auth-Token";

    /// <summary>The token the request carries, if any (also what rate limiting is counted by).</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        if (BasicCredentials(request) is { } basic)
        {
            return basic.Password;
        }
        // Kazoo's clients send it in X-Auth-Token.
        if (request.Headers[KazooTokenHeader].ToString() is { Length: > 0 } kazoo)
        {
            return kazoo.Trim();
        }
        return request.Query.TryGetValue("token", out var token) && token.Count == 1 ? token[0] : null;
    }

    /// <summary>HTTP Basic's user and password, when the request carries them well formed.</summary>
    public static (string User, string Password)? BasicCredentials(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var bytes = new byte[authorization.Length];
        if (!Convert.TryFromBase64String(authorization["Basic ".Length..].Trim(), bytes, out var length))
        {
            return null;
        }
        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':');
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }
}
