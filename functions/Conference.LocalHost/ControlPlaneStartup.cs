using Conference.Adapters;
using Conference.Adapters.Accounts;
using Azure.Data.Tables;

namespace Conference.LocalHost;

/// <summary>Before the engine and the API start: the tables exist, and the admin customer, its user and the development key exist.</summary>
internal sealed class ControlPlaneStartup(TableServiceClient tables, FirstCustomer first, CustomerStore customers, UserStore users, AccessKeyStore keys,
    ILogger<ControlPlaneStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tables.EnsureAsync(tables, cancellationToken);
        await first.EnsureAsync(customers, users, keys, cancellationToken);
        logger.LogInformation("Admin customer {Customer} is ready.", first.CustomerId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record DevelopmentKey(string Token, Guid CustomerId);
