using System.Buffers.Text;

namespace Conference.Api.Telnyx;

/// <summary>
/// Telnyx's <c>call_control_id</c>: <c>v3:</c> and, base64url, the call's id followed by its customer's.
/// A call's id is unique on its own; carrying the customer makes a call control id of one customer
/// meaningless to another (it reads as not found), without a lookup.
/// </summary>
public static class TelnyxIds
{
    private const string Prefix = "v3:";

    public static string CallControlId(Guid customerId, Guid callId)
    {
        Span<byte> bytes = stackalloc byte[32];
        callId.TryWriteBytes(bytes);
        customerId.TryWriteBytes(bytes[16..]);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>The call a call control id names, when it is well formed and the customer's; else null.</summary>
    public static Guid? CallOf(string? callControlId, Guid customerId)
    {
        if (callControlId is null || !callControlId.StartsWith(Prefix, StringComparison.Ordinal)
            || !Base64Url.IsValid(callControlId.AsSpan(Prefix.Length), out var length) || length != 32)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[32];
        if (!Base64Url.TryDecodeFromChars(callControlId.AsSpan(Prefix.Length), bytes, out var written) || written != 32)
        {
            return null;
        }
        return new Guid(bytes[16..32]) == customerId ? new Guid(bytes[..16]) : null;
    }
}
