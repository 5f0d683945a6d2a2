using Conference.Adapters.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Every /v1.0 request names its customer with a token: <c>?token=</c> (as in the seeds) or
/// <c>Authorization: Bearer</c>. The token is a login token from <c>POST /v1.0/auth/login</c>
/// (a signed JWT) or an access key. Without a valid one the answer is 401.
/// </summary>
public static class CustomerAuthentication
{
    private static readonly object Key = new();

    /// <summary>Finds the caller's customer; the 401 answer when there is none.</summary>
    public static async Task<IResult?> AuthenticateAsync(HttpContext context)
    {
        var token = TokenOf(context.Request);
        var customer = token is null ? null : await CustomerOfAsync(context.RequestServices, token, context.RequestAborted);
        if (customer is null)
        {
            return Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED",
                token is null ? "A token is required: ?token=... or Authorization: Bearer ..." : "The token is unknown or expired.");
        }
        context.Items[Key] = customer.Value;
        return null;
    }

    public static Task<Guid?> CustomerOfAsync(IServiceProvider services, string token, CancellationToken cancellationToken) =>
        LoginTokens.LooksLikeToken(token)
            ? services.GetRequiredService<LoginTokens>().ValidateAsync(token)
            : services.GetRequiredService<AccessKeyStore>().AuthenticateAsync(token, cancellationToken);

    public static Guid Customer(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var customer) ? (Guid)customer! : throw new InvalidOperationException("No customer on this request.");

    /// <summary>The token the request carries, if any (also what rate limiting is counted by).</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Query.TryGetValue("token", out var token) && token.Count == 1 ? token[0] : null;
    }
}
