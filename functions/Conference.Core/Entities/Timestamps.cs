using System.Globalization;

namespace Conference.Core.Entities;

/// <summary>The seeds' timestamp format: UTC <c>YYYY-MM-DD HH:MM:SS.ffffff</c>.</summary>
public static class Timestamps
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.ffffff";

    /// <summary>A moment that has not happened yet.</summary>
    public const string Never = "9999-01-01 00:00:00.000000";

    public static readonly Guid Zero = Guid.Empty;

    public static string ToSeedFormat(this DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    public static string ToSeedFormat(this DateTime? utc) => utc is { } value ? value.ToSeedFormat() : Never;

    public static DateTime TruncateToMicroseconds(this DateTime value) =>
        new(value.Ticks - value.Ticks % 10, DateTimeKind.Utc);

    public static bool TryParse(string text, out DateTime utc) =>
        DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);
}
