using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Restcomm;

/// <summary>
/// The sids in the path, read from the path itself (the Functions host binds route values as
/// parameters, not into the request), and whether it asked for JSON (<c>.json</c> at its end).
/// The account must be the caller's: another account is 404, and HTTP Basic's user, when given,
/// must be the caller's account sid (401 otherwise). Under <c>IncomingPhoneNumbers</c> the
/// second sid is a number's (<see cref="NumberSid"/>).
/// </summary>
internal sealed record RestcommPath(string AccountSid, string? ConferenceSid, string? CallSid, bool Json)
{
    public string? NumberSid => ConferenceSid;

    public static RestcommPath Of(ApiServices s)
    {
        var segments = (s.Context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var json = segments[^1].EndsWith(".json", StringComparison.Ordinal);
        string? At(int index) => segments.Length > index ? segments[index].Replace(".json", "", StringComparison.Ordinal) : null;
        var path = new RestcommPath(At(3)!, At(5), At(7), json);
        var own = RestcommSids.Of(RestcommSids.Account, s.Customer);
        if (CustomerAuthentication.BasicCredentials(s.Context.Request) is { } basic && basic.User != own)
        {
            throw new ApiInputException(StatusCodes.Status401Unauthorized, "ACCOUNT_MISMATCH", "The user of HTTP Basic is not the account the token belongs to.");
        }
        return path.AccountSid == own ? path : throw DomainException.NotFound("ACCOUNT_NOT_FOUND", $"No account {path.AccountSid}.");
    }
}
