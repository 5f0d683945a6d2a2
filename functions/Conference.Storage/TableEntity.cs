using System.Globalization;
using Azure;

namespace Conference.Storage;

/// <summary>
/// One table row: its keys, its ETag and its properties (string, bool, int, long, double,
/// DateTime or byte[]). Int64 and DateTime travel with their OData type, as the service requires.
/// </summary>
public sealed class TableEntity(string partitionKey, string rowKey)
{
    public string PartitionKey { get; } = partitionKey;
    public string RowKey { get; } = rowKey;
    public ETag ETag { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public Dictionary<string, object?> Properties { get; } = new(StringComparer.Ordinal);

    public object? this[string name]
    {
        get => Properties.GetValueOrDefault(name);
        set => Properties[name] = value;
    }

    public string? GetString(string name) => Properties.GetValueOrDefault(name)?.ToString();

    public long? GetInt64(string name) => Properties.GetValueOrDefault(name) switch
    {
        long l => l,
        int i => i,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public int? GetInt32(string name) => (int?)GetInt64(name);

    public bool? GetBoolean(string name) => Properties.GetValueOrDefault(name) as bool?;

    public DateTime? GetDateTime(string name) => Properties.GetValueOrDefault(name) switch
    {
        DateTime d => d,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => null,
    };
}

/// <summary>One operation of an entity group transaction.</summary>
public sealed record TableAction(TableActionKind Kind, TableEntity Entity, ETag? IfMatch = null)
{
    public static TableAction Insert(TableEntity entity) => new(TableActionKind.Insert, entity);
    public static TableAction Upsert(TableEntity entity) => new(TableActionKind.UpsertReplace, entity);
    public static TableAction Replace(TableEntity entity, ETag ifMatch) => new(TableActionKind.UpdateReplace, entity, ifMatch);
    public static TableAction Merge(TableEntity entity, ETag ifMatch) => new(TableActionKind.UpdateMerge, entity, ifMatch);
    public static TableAction Delete(string partitionKey, string rowKey, ETag? ifMatch = null) =>
        new(TableActionKind.Delete, new TableEntity(partitionKey, rowKey), ifMatch ?? ETag.All);
}

public enum TableActionKind
{
    Insert,
    UpsertReplace,
    UpsertMerge,
    UpdateReplace,
    UpdateMerge,
    Delete,
}

/// <summary>A page of a query and where the next one starts (null when this was the last).</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, string? ContinuationToken);
