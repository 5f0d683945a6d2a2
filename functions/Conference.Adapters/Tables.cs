using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>The tables of the control plane besides the entities' own.</summary>
public static class Tables
{
    public const string Resources = "resources";
    public const string DirectHashes = "directhashes";
    public const string AccessKeys = "accesskeys";
    public const string Idempotency = "idempotency";
    public const string Customers = "customers";
    public const string Users = "users";
    public const string Webhooks = "webhooks";
    public const string MediaHosts = "mediahosts";
    public const string Numbers = "numbers";

    public static async Task EnsureAsync(TableServiceClient tables, CancellationToken cancellationToken = default)
    {
        foreach (var table in new[] { EntityPartitions.Table, Resources, DirectHashes, AccessKeys, Idempotency, Customers, Users, Webhooks, MediaHosts, Numbers })
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
    }

    /// <summary>A value quoted for an OData filter.</summary>
    public static string Quote(string value) => TableClient.CreateQueryFilter($"{value}");
}
