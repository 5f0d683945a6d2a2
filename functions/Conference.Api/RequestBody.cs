using System.Security.Cryptography;
using System.Text.Json;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Reads a request body as one JSON object, once per request: too large is 413, not JSON or
/// not an object is 400, empty is <c>{}</c>. The Content-Type is not insisted on, because the
/// seed's own curl examples send JSON without one.
/// </summary>
public static class RequestBody
{
    private static readonly object Key = new();

    public static async Task<ParsedBody> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var cached))
        {
            return (ParsedBody)cached!;
        }
        var limit = context.RequestServices.GetRequiredService<ApiOptions>().MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw TooLarge(limit);
            }
        }
        var bytes = buffer.ToArray();
        JsonElement root;
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            root = JsonDocument.Parse("{}").RootElement.Clone();
        }
        else
        {
            try
            {
                root = JsonDocument.Parse(bytes).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw ApiInputException.Invalid("INVALID_JSON", $"The body is not valid JSON: {e.Message}");
            }
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiInputException.Invalid("INVALID_JSON", "The body must be a JSON object.");
        }
        var body = new ParsedBody(root, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        context.Items[Key] = body;
        return body;
    }

    /// <summary>The body as <typeparamref name="T"/>; a field of the wrong type is 400 with <paramref name="reason"/>, an unknown field is ignored.</summary>
    public static async Task<T> BindAsync<T>(HttpContext context, string reason = "INVALID_PARAMETERS")
    {
        var body = await ReadAsync(context);
        try
        {
            return body.Json.Deserialize<T>(CoreJson.Options)!;
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
            throw ApiInputException.Invalid(reason, $"'{field}' has the wrong type or value.");
        }
    }

    private static ApiInputException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", $"The request body is larger than {limit} bytes.");
}

public sealed record ParsedBody(JsonElement Json, string Hash);
