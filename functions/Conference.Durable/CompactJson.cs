using System.IO.Compression;
using System.Text;

namespace Conference.Durable;

/// <summary>
/// JSON that Durable stores or sends for us (an entity's record, a batch of effects), gzip-compressed
/// and base64-encoded once it is longer than <see cref="Threshold"/>. The Azure Storage provider keeps
/// a table property only up to 64 KB (UTF-16) and a queue message up to 45 KB; anything larger it
/// uploads to a blob, synchronously, and reads back from there: three more storage requests and a
/// thread blocked while it uploads. A busy conference's outbox (its conference_updated events carry
/// the whole conference) grew past both, measured at 75,000 characters; compressed, such JSON is about
/// a tenth of that. Small JSON stays as it is, readable in the task hub.
/// </summary>
public static class CompactJson
{
    /// <summary>Far enough below the provider's limits that escaping inside its own JSON (twice, for a queue message) still fits.</summary>
    public const int Threshold = 8 * 1024;

    private const string Marker = "gzip:";

    public static string Pack(string json)
    {
        if (json.Length <= Threshold)
        {
            return json;
        }
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }
        return Marker + Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length);
    }

    public static string Unpack(string text)
    {
        if (!text.StartsWith(Marker, StringComparison.Ordinal))
        {
            return text;
        }
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(text[Marker.Length..])), CompressionMode.Decompress);
        using var json = new StreamReader(gzip, Encoding.UTF8);
        return json.ReadToEnd();
    }
}
