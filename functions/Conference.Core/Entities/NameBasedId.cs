using System.Security.Cryptography;
using System.Text;

namespace Conference.Core.Entities;

/// <summary>
/// An id made from a name (version 8, from SHA-256): the same name gives the same id every time, so
/// a message derived from facts (an event's conference and sequence, a reconciliation's media host
/// boot and entity) is recognised as a repeat wherever and however often it is made.
/// </summary>
public static class NameBasedId
{
    public static Guid Of(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Guid Of(params string[] parts) => Of(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
}
