using System.Text.Json.Nodes;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Kazoo;

/// <summary>
/// Kazoo's answers: <c>{"data", "status": "success", "request_id", "revision", "timestamp", "auth_token"}</c>,
/// and errors as <c>{"data": {...}, "error": "&lt;status&gt;", "message", "status": "error", "request_id",
/// "timestamp", "auth_token"}</c>, the error's data naming the field and the rule it broke when the
/// refusal is about one field. Under <c>/v2/accounts</c> every refusal takes this shape.
/// </summary>
public static class KazooEnvelope
{
    public const string PathPrefix = "/v2/accounts";

    public static bool Owns(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    public static IResult Success(HttpContext context, JsonNode? data, string revision = "") =>
        Results.Json(Envelope(context, data, "success", revision), CoreJson.Options, "application/json", StatusCodes.Status200OK);

    public static IResult Error(HttpContext context, int status, string reason, string detail)
    {
        JsonObject data = Problems.FieldOf(detail) is { } field
            ? new JsonObject { [field] = new JsonObject { [reason == "KAZOO_REQUIRED" ? "required" : "invalid"] = new JsonObject { ["message"] = detail } } }
            : new JsonObject { ["message"] = detail, ["reason"] = reason };
        var envelope = Envelope(context, data, "error", "");
        envelope["error"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        envelope["message"] = status switch
        {
            400 => "invalid data",
            401 => "invalid credentials",
            403 => "forbidden",
            404 => "bad identifier",
            409 => "conflicting documents",
            _ => reason.ToLowerInvariant(),
        };
        return Results.Json(envelope, CoreJson.Options, "application/json", status);
    }

    private static JsonObject Envelope(HttpContext context, JsonNode? data, string status, string revision) => new()
    {
        ["data"] = data,
        ["status"] = status,
        ["request_id"] = context.TraceIdentifier,
        ["revision"] = revision,
        ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["auth_token"] = CustomerAuthentication.TokenOf(context.Request) ?? "",
    };
}
