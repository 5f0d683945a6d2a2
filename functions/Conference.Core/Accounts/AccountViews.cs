using Conference.Core.Entities;

namespace Conference.Core.Accounts;

/// <summary>
/// A customer as <c>GET /v1.0/customer</c> shows it: where its events go and the secret that
/// signs them (the customer's own, so it can check what it receives).
/// </summary>
public sealed record CustomerView(Guid Id, string Name, string WebhookUri, string WebhookMethod, string WebhookSecret, string TmCreate, string TmUpdate);

/// <summary>An access key; <c>token</c> is the secret itself, filled only in the answer that created it.</summary>
public sealed record AccessKeyView(Guid Id, Guid CustomerId, string Name, string Detail, string Token, string TmExpire, string TmCreate, string TmUpdate, string TmDelete);

/// <summary>The body of <c>POST /v1.0/accesskeys</c>: <c>expire</c> is the lifetime in seconds.</summary>
public sealed record CreateAccessKey(string? Name, string? Detail, long? Expire);

/// <summary>The body of <c>PUT /v1.0/accesskeys/{id}</c>.</summary>
public sealed record UpdateAccessKey(string? Name, string? Detail);

/// <summary>The body of <c>PUT /v1.0/customer</c>.</summary>
public sealed record UpdateCustomer(string? WebhookUri, string? WebhookMethod);

/// <summary>The body of <c>POST /v1.0/auth/login</c>, and its answer.</summary>
public sealed record LoginRequest(string? Username, string? Password);

public sealed record LoginAnswer(string Username, string Token, string TmExpire);

/// <summary>The rules of account input, in one place.</summary>
public static class AccountRules
{
    public static readonly TimeSpan DefaultKeyLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan LongestKeyLifetime = TimeSpan.FromDays(3650);
    public static readonly string[] WebhookMethods = ["POST", "PUT"];
    public const int MaxText = 1024;

    public static TimeSpan KeyLifetime(long? expireSeconds) => expireSeconds switch
    {
        null or 0 => DefaultKeyLifetime,
        < 0 => throw DomainException.Invalid("INVALID_EXPIRE", "'expire' is a number of seconds above 0."),
        _ when expireSeconds > LongestKeyLifetime.TotalSeconds => throw DomainException.Invalid("INVALID_EXPIRE", $"'expire' is at most {LongestKeyLifetime.TotalSeconds:0} seconds (ten years)."),
        _ => TimeSpan.FromSeconds(expireSeconds.Value),
    };

    public static string Text(string? value, string field) =>
        (value ?? "").Length <= MaxText ? value ?? "" : throw DomainException.Invalid("INVALID_PARAMETERS", $"'{field}' is at most {MaxText} characters.");

    /// <summary>An absolute http(s) URI, or empty to stop deliveries.</summary>
    public static string WebhookUri(string? value)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            return "";
        }
        return text.Length <= 2048 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.ToString()
            : throw DomainException.Invalid("INVALID_WEBHOOK_URI", "'webhook_uri' is an absolute http or https URI.");
    }

    public static string WebhookMethod(string? value)
    {
        var method = string.IsNullOrEmpty(value) ? "POST" : value.ToUpperInvariant();
        return WebhookMethods.Contains(method) ? method : throw DomainException.Invalid("INVALID_WEBHOOK_METHOD", "'webhook_method' is POST or PUT.");
    }
}
