using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>
/// The headers every answer carries: no sniffing, no framing, no referrer, nothing cached, and a
/// content security policy that allows nothing (the API answers JSON and audio) except for the
/// explorer page, which may load its own script and style. HSTS when the request came over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiExplorerPage.Path)
            ? "default-src 'self'; frame-ancestors 'none'"
            : "default-src 'none'; frame-ancestors 'none'";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
        return next(context);
    });
}
