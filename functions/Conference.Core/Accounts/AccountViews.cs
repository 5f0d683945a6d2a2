using Conference.Core.Entities;

namespace Conference.Core.Accounts;

public static class CustomerStatus
{
    public const string Active = "active";

    /// <summary>Deleted by the platform admin: its keys and tokens no longer work, its data stays readable to the platform admin.</summary>
    public const string Deleted = "deleted";
}

/// <summary>
/// A customer: who it is, where its events go and how. <c>webhook_secret</c>, which signs them, is
/// shown only to the customer itself (<c>GET /v1.0/customer</c>), so it can check what it receives.
/// </summary>
public sealed record CustomerView(Guid Id, string Name, string Detail, string Email, string WebhookUri, string WebhookMethod, string WebhookFormat, string Status,
    string TmCreate, string TmUpdate, string TmDelete,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? WebhookSecret = null)
{
    public bool IsActive => Status == CustomerStatus.Active;
}

/// <summary>A user who logs in; the password is never shown (only a hash of it is kept).</summary>
public sealed record UserView(Guid Id, Guid CustomerId, string Username, string Name, string Detail, string Permission, string TmCreate, string TmUpdate);

/// <summary>An access key; <c>token</c> is the secret itself, filled only in the answer that created it.</summary>
public sealed record AccessKeyView(Guid Id, Guid CustomerId, string Name, string Detail, string Permission, string Token, string TmExpire, string TmCreate, string TmUpdate, string TmDelete);

/// <summary>
/// The body of <c>POST /v1.0/accesskeys</c>: <c>expire</c> is the lifetime in seconds, <c>permission</c>
/// what the key may do (customer_manager unless given), <c>customer_id</c> another customer's (platform admin only).
/// </summary>
public sealed record CreateAccessKey(string? Name, string? Detail, long? Expire, string? Permission, Guid? CustomerId);

/// <summary>The body of <c>PUT /v1.0/accesskeys/{id}</c>.</summary>
public sealed record UpdateAccessKey(string? Name, string? Detail);

/// <summary>The body of <c>PUT /v1.0/customer</c> and <c>PUT /v1.0/customers/{id}</c>: only what is given changes.</summary>
public sealed record UpdateCustomer(string? Name, string? Detail, string? Email, string? WebhookUri, string? WebhookMethod, string? WebhookFormat = null);

/// <summary>The body of <c>POST /v1.0/customers</c>.</summary>
public sealed record CreateCustomer(string? Name, string? Detail, string? Email, string? WebhookUri, string? WebhookMethod, string? WebhookFormat = null);

/// <summary>The body of <c>POST /v1.0/users</c>: <c>customer_id</c> another customer's (platform admin only).</summary>
public sealed record CreateUser(string? Username, string? Password, string? Name, string? Detail, string? Permission, Guid? CustomerId);

/// <summary>The body of <c>PUT /v1.0/users/{id}</c>: only what is given changes.</summary>
public sealed record UpdateUser(string? Name, string? Detail, string? Permission);

/// <summary>The body of <c>PUT /v1.0/users/{id}/password</c>.</summary>
public sealed record ChangePassword(string? Password);

/// <summary>The body of <c>POST /v1.0/auth/login</c>, and its answer.</summary>
public sealed record LoginRequest(string? Username, string? Password);

public sealed record LoginAnswer(string Username, string Token, string TmExpire);

/// <summary>The rules of account input, in one place.</summary>
public static class AccountRules
{
    public static readonly TimeSpan DefaultKeyLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan LongestKeyLifetime = TimeSpan.FromDays(3650);
    public static readonly string[] WebhookMethods = ["POST", "PUT"];

    /// <summary>The shapes a customer's webhook can take: the API's own envelope, or Telnyx's (for Telnyx clients).</summary>
    public static readonly string[] WebhookFormats = [WebhookFormatNames.Voipbin, WebhookFormatNames.Telnyx];
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

    public const int MinPasswordLength = 12;

    public static string Password(string? value) => value switch
    {
        null or "" => throw DomainException.Invalid("INVALID_PASSWORD", "'password' is required."),
        { Length: < MinPasswordLength } => throw DomainException.Invalid("INVALID_PASSWORD", $"'password' is at least {MinPasswordLength} characters."),
        { Length: > MaxText } => throw DomainException.Invalid("INVALID_PASSWORD", $"'password' is at most {MaxText} characters."),
        _ => value,
    };

    public static string Username(string? value)
    {
        var text = (value ?? "").Trim();
        return text.Length is > 0 and <= 256 && !text.Any(char.IsControl)
            ? text
            : throw DomainException.Invalid("INVALID_USERNAME", "'username' is 1 to 256 printable characters.");
    }

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainException.Invalid("INVALID_PARAMETERS", $"'{field}' is required.") : Text(value.Trim(), field);

    /// <summary>An e-mail address of the usual shape, or empty.</summary>
    public static string Email(string? value)
    {
        var text = (value ?? "").Trim();
        return text.Length == 0 || (text.Length <= 320 && System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text)
            ? text
            : throw DomainException.Invalid("INVALID_EMAIL", "'email' is an e-mail address.");
    }

    public static string WebhookFormat(string? value)
    {
        var format = string.IsNullOrEmpty(value) ? WebhookFormatNames.Voipbin : value;
        return WebhookFormats.Contains(format) ? format : throw DomainException.Invalid("INVALID_WEBHOOK_FORMAT", $"'webhook_format' is one of: {string.Join(", ", WebhookFormats)}.");
    }

    public static string WebhookMethod(string? value)
    {
        var method = string.IsNullOrEmpty(value) ? "POST" : value.ToUpperInvariant();
        return WebhookMethods.Contains(method) ? method : throw DomainException.Invalid("INVALID_WEBHOOK_METHOD", "'webhook_method' is POST or PUT.");
    }
}

public static class WebhookFormatNames
{
    public const string Voipbin = "voipbin";
    public const string Telnyx = "telnyx";
}
