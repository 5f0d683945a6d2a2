using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>RFC 9457 problem details with the project's stable <c>reason</c> code and the request id (in the facade's own shape under its path).</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Of(HttpContext context, int status, string reason, string detail) =>
        Restcomm.RestcommErrors.Owns(context) ? Restcomm.RestcommErrors.Of(context, status, reason, detail)
        : Kazoo.KazooEnvelope.Owns(context) ? Kazoo.KazooEnvelope.Error(context, status, reason, detail)
        : Telnyx.TelnyxErrors.Owns(context) ? Telnyx.TelnyxErrors.Of(context, status, reason, detail)
        : Results.Json(new ProblemBody("about:blank", Title(status), status, detail, reason, context.TraceIdentifier, context.Request.Path),
            CoreJson.Options, ContentType, status);

    /// <summary>The field a refusal is about, when its detail names it first (<c>'name' is required</c>); facades that point at fields read it here.</summary>
    public static string? FieldOf(string detail) =>
        detail.StartsWith('\'') && detail.IndexOf('\'', 1) is > 1 and var end ? detail[1..end] : null;

    public static IResult From(HttpContext context, DomainException error) => Of(context, StatusOf(error.Kind), error.Reason, error.Message);

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        503 => "Service Unavailable",
        _ => "Error",
    };

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Reason, string RequestId, string Instance);
}

/// <summary>Bad input found by the HTTP layer itself (body, query, path), before any entity is asked.</summary>
public sealed class ApiInputException(int status, string reason, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Reason { get; } = reason;

    public static ApiInputException Invalid(string reason, string detail) => new(StatusCodes.Status400BadRequest, reason, detail);
}
