using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Storage;

/// <summary>
/// The storage clients of a process, wired once through <c>Microsoft.Extensions.Azure</c>: the
/// Table and Blob service clients for the account a <see cref="StorageConnection"/> names, with the
/// service version pinned and every request counted (<see cref="StorageRequests"/>).
/// </summary>
public static class StorageServices
{
    /// <summary>
    /// The Blob service version the clients speak. The SDK's default (2026-10-06) is newer than
    /// Azurite 3.35 accepts; 2025-11-05 is accepted by both it and Azure, so Azurite needs no
    /// <c>--skipApiVersionCheck</c> for the project's own requests.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2025_11_05;

    public static IServiceCollection AddConferenceStorage(this IServiceCollection services, StorageConnection connection)
    {
        services.AddSingleton<StorageRequests>();
        services.AddAzureClients(clients =>
        {
            if (connection.ConnectionString is { } connectionString)
            {
                clients.AddTableServiceClient(connectionString).ConfigureOptions(Configure);
                clients.AddBlobServiceClient(connectionString).WithVersion(BlobVersion).ConfigureOptions(Configure);
            }
            else
            {
                clients.AddTableServiceClient(connection.TableEndpoint).ConfigureOptions(Configure);
                clients.AddBlobServiceClient(connection.BlobEndpoint).WithVersion(BlobVersion).ConfigureOptions(Configure);
                clients.UseCredential(connection.Credential!());
            }
        });
        return services;
    }

    /// <summary>Blob client options as the project's clients use them (for code that makes a client of its own).</summary>
    public static BlobClientOptions BlobOptions(StorageRequests? counter = null)
    {
        var options = new BlobClientOptions(BlobVersion);
        Configure(options, counter);
        return options;
    }

    private static void Configure(ClientOptions options, IServiceProvider services) => Configure(options, services.GetRequiredService<StorageRequests>());

    private static void Configure(ClientOptions options, StorageRequests? counter)
    {
        options.Retry.MaxRetries = 4;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (counter is not null)
        {
            options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        }
    }
}
