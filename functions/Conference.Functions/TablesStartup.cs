using Conference.Adapters;
using Conference.Storage;
using Microsoft.Extensions.Hosting;

namespace Conference.Functions;

/// <summary>The control plane's tables exist before the first request; a bootstrap key, when set, admits its customer.</summary>
internal sealed class TablesStartup(ITableStore tables, AccessKeyStore keys, AzureSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tables.EnsureAsync(tables, cancellationToken);
        if (settings.BootstrapAccessKey is { Length: > 0 } key)
        {
            await keys.RegisterAsync(key, settings.BootstrapCustomerId, "bootstrap", DateTimeOffset.MaxValue, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
