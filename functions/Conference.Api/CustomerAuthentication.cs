using Conference.Adapters;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Every /v1.0 request names its customer with a token: <c>?token=</c> (as in the seeds) or
/// <c>Authorization: Bearer</c>. Without a valid one the answer is 401.
/// </summary>
public static class CustomerAuthentication
{
    private static readonly object Key = new();

    /// <summary>Finds the caller's customer; the 401 answer when there is none.</summary>
    public static async Task<IResult?> AuthenticateAsync(HttpContext context)
    {
        var token = TokenOf(context.Request);
        var customer = token is null ? null : await context.RequestServices.GetRequiredService<AccessKeyStore>().AuthenticateAsync(token, context.RequestAborted);
        if (customer is null)
        {
            return Problems.Of(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED",
                token is null ? "A token is required: ?token=... or Authorization: Bearer ..." : "The token is unknown or expired.");
        }
        context.Items[Key] = customer.Value;
        return null;
    }

    public static Guid Customer(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var customer) ? (Guid)customer! : throw new InvalidOperationException("No customer on this request.");

    private static string? TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Query.TryGetValue("token", out var token) && token.Count == 1 ? token[0] : null;
    }
}
