using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Rate limits with the framework's limiter: a token bucket per token (an access key or a login
/// token, counted by its hash), one per client address for requests without a token, and a
/// smaller one per address for logins. The media host's internal routes are not limited (they
/// carry the planes' key, and a lost report costs more than a busy server). Over the limit: 429
/// with <c>Retry-After</c>, and nothing is stored.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, ApiOptions options) => services.AddRateLimiter(limiter =>
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context, options));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await Problems.Of(context, StatusCodes.Status429TooManyRequests, "RATE_LIMITED", $"Too many requests for this key; try again in {retryAfter} s.")
                .ExecuteAsync(context);
        };
    });

    private static RateLimitPartition<string> PartitionOf(HttpContext context, ApiOptions options)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/internal/media") || path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("internal");
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (path.StartsWithSegments("/v1.0/auth/login"))
        {
            return Bucket("login|" + address, options.LoginAttemptsPerSecond, options.LoginAttemptsPerSecond * 2);
        }
        var token = CustomerAuthentication.TokenOf(context.Request);
        return token is null
            ? Bucket("address|" + address, options.RateLimitPerSecond, options.RateLimitBurst)
            : Bucket("token|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 16), options.RateLimitPerSecond, options.RateLimitBurst);
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
