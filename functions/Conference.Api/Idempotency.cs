using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// POSTs with an <c>Idempotency-Key</c> header, or a <c>command_id</c> in the body (Telnyx),
/// answer a repeat within 24 h with the first answer; the same key on a different request is 422.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <summary>Runs <paramref name="handler"/> once per key: a repeat gets the stored first answer.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> handler)
    {
        var body = await RequestBody.ReadAsync(context);
        var key = KeyOf(context, body);
        if (key is null)
        {
            return await handler();
        }
        var store = context.RequestServices.GetRequiredService<IdempotencyStore>();
        var customer = context.Customer();
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path} {body.Hash}")));
        if (await store.FindAsync(customer, key, context.RequestAborted) is { } first)
        {
            return first.RequestHash == requestHash
                ? Results.Text(first.Body, "application/json", Encoding.UTF8, first.Status)
                : Problems.Of(context, StatusCodes.Status422UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED",
                    "This idempotency key was already used with a different request.");
        }
        var result = await handler();
        if (result is Ok ok)
        {
            var json = JsonSerializer.Serialize(ok.Value, ok.Value.GetType(), CoreJson.Options);
            await store.SaveAsync(customer, key, new StoredResponse(requestHash, StatusCodes.Status200OK, json), context.RequestAborted);
            return Results.Text(json, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
        }
        return result;
    }

    /// <summary>The key of this request, or null when it has none.</summary>
    public static string? KeyOf(HttpContext context, ParsedBody body)
    {
        string? key = context.Request.Headers[Header].ToString() is { Length: > 0 } header ? header : null;
        if (key is null && body.Json.TryGetProperty("command_id", out var commandId) && commandId.ValueKind == JsonValueKind.String)
        {
            key = commandId.GetString();
        }
        if (key is { Length: > MaxKeyLength })
        {
            throw ApiInputException.Invalid("INVALID_IDEMPOTENCY_KEY", $"An idempotency key is at most {MaxKeyLength} characters.");
        }
        return key is { Length: > 0 } ? key : null;
    }

    /// <summary>The id a create with this key makes, the same every time, so a repeat after a crash finds the first one.</summary>
    public static Guid IdFor(Guid customer, string resource, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{customer}/{resource}/{key}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
