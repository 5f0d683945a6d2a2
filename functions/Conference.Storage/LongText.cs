using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace Conference.Storage;

/// <summary>
/// A table string property holds 32K characters at most: longer text (entity state, views) is
/// split over numbered properties <c>P0, P1, ...</c> with the count in <c>PChunks</c>.
/// </summary>
public static class LongText
{
    private const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string prefix, string? text)
    {
        if (text is null)
        {
            entity[prefix + "Chunks"] = 0;
            return;
        }
        var count = 0;
        for (var offset = 0; offset < text.Length || count == 0; offset += ChunkChars)
        {
            entity[prefix + count.ToString(CultureInfo.InvariantCulture)] = text.Substring(offset, Math.Min(ChunkChars, text.Length - offset));
            count++;
        }
        entity[prefix + "Chunks"] = count;
    }

    public static string? Read(TableEntity entity, string prefix)
    {
        var count = entity.GetInt32(prefix + "Chunks") ?? 0;
        if (count == 0)
        {
            return null;
        }
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(entity.GetString(prefix + i.ToString(CultureInfo.InvariantCulture)));
        }
        return builder.ToString();
    }
}
