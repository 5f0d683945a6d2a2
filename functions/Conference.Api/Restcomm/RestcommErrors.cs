using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Restcomm;

/// <summary>
/// Errors under <c>/restcomm/</c> in the shape Restcomm and Twilio clients read
/// (<c>{"code", "message", "more_info", "status"}</c>), with the project's stable reason in
/// <c>more_info</c>. Whatever refused the request (authentication, a rule of the core), only the
/// shape changes here.
/// </summary>
public static class RestcommErrors
{
    public const string PathPrefix = "/restcomm";

    public static bool Owns(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    public static IResult Of(HttpContext context, int status, string reason, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            // Basic clients send their credentials again when asked this way.
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Restcomm\"";
        }
        return Results.Json(new ErrorBody(CodeOf(status), detail, reason, status), CoreJson.Options, "application/json", status);
    }

    // Twilio's codes for the same cases; the rest keep the HTTP status as their code.
    private static int CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => 20003,
        StatusCodes.Status404NotFound => 20404,
        StatusCodes.Status400BadRequest => 21100,
        _ => status,
    };

    private sealed record ErrorBody(int Code, string Message, string MoreInfo, int Status);
}
