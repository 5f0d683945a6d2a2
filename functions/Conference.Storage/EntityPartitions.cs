namespace Conference.Storage;

/// <summary>
/// How entities lie in the entities table: a partition per entity (<c>name@key</c>) holding what is
/// stored together with the entity in one transaction: its state and outbox rows (the local
/// runtime) and, for a conference, its events (both engines read them there).
/// </summary>
public static class EntityPartitions
{
    public const string Table = "entities";

    public static string Of(string entityName, string key) => $"{entityName}@{key}";
}
