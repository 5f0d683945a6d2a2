using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Telnyx;

/// <summary>
/// Errors under Telnyx's paths (<c>/v2/</c>, Kazoo's <c>/v2/accounts</c> aside) in Telnyx's shape:
/// <c>{"errors": [{"code", "title", "detail", "source", "meta"}]}</c>. Telnyx answers a request it cannot
/// act on with 422, a bad body or a call in the wrong state alike, so 400 and 409 are 422 here; the
/// project's stable reason is in <c>meta.reason</c>.
/// </summary>
public static class TelnyxErrors
{
    public static bool Owns(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal) && !context.Request.Path.StartsWithSegments("/v2/accounts", StringComparison.Ordinal);

    public static IResult Of(HttpContext context, int status, string reason, string detail)
    {
        var shown = status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict ? StatusCodes.Status422UnprocessableEntity : status;
        var (code, title) = shown switch
        {
            401 => ("10009", "Authentication failed"),
            403 => ("10010", "Authorization failed"),
            404 => ("10005", "Resource not found"),
            422 => ("10015", "Invalid request"),
            429 => ("10011", "Too many requests"),
            _ => (shown.ToString(System.Globalization.CultureInfo.InvariantCulture), "Error"),
        };
        var error = new TelnyxError(code, title, detail, Pointer(detail), new TelnyxErrorMeta(reason));
        return Results.Json(new TelnyxErrorBody([error]), CoreJson.Options, "application/json", shown);
    }

    /// <summary>Where in the body the problem is, when the detail names a field first (<c>'name' is required</c>).</summary>
    private static TelnyxErrorSource? Pointer(string detail) => Problems.FieldOf(detail) is { } field ? new TelnyxErrorSource("/" + field) : null;

    private sealed record TelnyxErrorBody(TelnyxError[] Errors);

    private sealed record TelnyxError(string Code, string Title, string Detail,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] TelnyxErrorSource? Source,
        TelnyxErrorMeta Meta);

    private sealed record TelnyxErrorSource(string Pointer);

    private sealed record TelnyxErrorMeta(string Reason);
}
