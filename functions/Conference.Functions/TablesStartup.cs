using Conference.Adapters;
using Conference.Adapters.Accounts;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;

namespace Conference.Functions;

/// <summary>The control plane's tables exist before the first request; the first customer (admin user, bootstrap key when set) exists.</summary>
public sealed class TablesStartup(TableServiceClient tables, CustomerStore customers, UserStore users, AccessKeyStore keys, AzureSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tables.EnsureAsync(tables, cancellationToken);
        await new FirstCustomer(settings.BootstrapCustomerId, settings.AdminUsername, settings.AdminPassword, settings.BootstrapAccessKey)
            .EnsureAsync(customers, users, keys, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
