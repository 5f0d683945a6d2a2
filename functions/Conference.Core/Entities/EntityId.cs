namespace Conference.Core.Entities;

/// <summary>Names one entity instance, as Durable's EntityInstanceId does: the name is lower-cased.</summary>
public readonly record struct EntityId
{
    public EntityId(string name, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Name = name.ToLowerInvariant();
        Key = key;
    }

    public string Name { get; init; }
    public string Key { get; init; }

    public static EntityId Conference(Guid id) => new(EntityNames.Conference, id.ToString());
    public static EntityId Conferencecall(Guid id) => new(EntityNames.Conferencecall, id.ToString());
    public static EntityId Recording(Guid id) => new(EntityNames.Recording, id.ToString());
    public static EntityId Call(Guid id) => new(EntityNames.Call, id.ToString());
    public static EntityId Transcribe(Guid id) => new(EntityNames.Transcribe, id.ToString());

    public override string ToString() => $"@{Name}@{Key}";
}

public static class EntityNames
{
    public const string Conference = "conference";
    public const string Conferencecall = "conferencecall";
    public const string Recording = "recording";
    public const string Call = "call";
    public const string Transcribe = "transcribe";
}
