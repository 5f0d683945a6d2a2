using Conference.Adapters.Events;
using Conference.Core.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conference.Functions.Tests;

/// <summary>The Function App's services resolve: a missing registration fails here, not on the first request in Azure.</summary>
public sealed class FunctionsServicesTests
{
    [Fact]
    public void Every_service_the_functions_use_resolves_and_the_tables_are_made_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CONFERENCE_MEDIA_KEY"] = "media-key",
            ["CONFERENCE_ADMIN_PASSWORD"] = "admin-password",
            ["CONFERENCE_TOKEN_SIGNING_KEY"] = new string('k', 64),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddConferenceFunctions(AzureSettings.From(configuration));

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IEffectHandler>());
        // How the entity triggers' DispatchAsync<CoreEntityFunction> makes the entity for each batch.
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<Conference.Durable.CoreEntityFunction>(scope.ServiceProvider));
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<WebhookDispatcher>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<DurableGatewayHolder>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is TablesStartup);
    }
}
