using Conference.Adapters;
using Conference.Adapters.Accounts;
using Conference.Runtime;
using Azure.Data.Tables;

namespace Conference.LocalHost;

/// <summary>Before the API takes requests: tables exist, stored effects and timers are taken up again, the admin customer, its user and the development key exist.</summary>
internal sealed class ControlPlaneStartup(TableServiceClient tables, EntityRuntime runtime, FirstCustomer first, CustomerStore customers, UserStore users, AccessKeyStore keys,
    ILogger<ControlPlaneStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tables.EnsureAsync(tables, cancellationToken);
        await runtime.StartAsync(cancellationToken);
        await first.EnsureAsync(customers, users, keys, cancellationToken);
        logger.LogInformation("Admin customer {Customer} is ready.", first.CustomerId);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
}

public sealed record DevelopmentKey(string Token, Guid CustomerId);
