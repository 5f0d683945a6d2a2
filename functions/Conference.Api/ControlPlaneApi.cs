using Conference.Adapters;
using Conference.Adapters.Accounts;
using Conference.Adapters.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Api;

/// <summary>The wiring of the API, the same wherever it is hosted. The host supplies an <see cref="Azure.Data.Tables.TableServiceClient"/> and an <see cref="Conference.Core.Entities.IEntityGateway"/>.</summary>
public static class ControlPlaneApi
{
    public static IServiceCollection AddControlPlaneApi(this IServiceCollection services, ApiOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResourceIndex>();
        services.AddSingleton<DirectHashIndex>();
        services.AddSingleton<DialInNumbers>();
        services.AddSingleton(s => new Restcomm.RcmlApplications(Restcomm.RcmlApplications.CreateHttpClient(), s.GetRequiredService<ILogger<Restcomm.RcmlApplications>>()));
        services.AddSingleton<EventLog>();
        services.TryAddSingleton(new EffectRouterOptions());
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton(new LoginTokenOptions(options.TokenSigningKey, options.LoginTokenLifetime));
        services.AddSingleton<LoginTokens>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<EventFeed>();
        services.AddSingleton<MediaHostMonitor>();
        services.AddSingleton(options.Webhooks);
        services.AddSingleton(s => new WebhookDispatcher(s.GetRequiredService<WebhookQueue>(), s.GetRequiredService<CustomerStore>(),
            WebhookDispatcher.CreateHttpClient(options.Webhooks), options.Webhooks, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<WebhookDispatcher>>(),
            new Restcomm.RestcommStatusCallbacks(), [new Telnyx.TelnyxWebhooks()]));
        if (options.DeliverWebhooks)
        {
            services.AddHostedService<WebhookDeliveryService>();
        }
        services.AddApiRateLimits(options);
        return services;
    }

    public static WebApplication MapControlPlaneApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseApiErrors();
        app.UseStatusCodePages(context => context.HttpContext.Response.ContentLength is null or 0 && !context.HttpContext.Response.HasStarted
            ? Problems.Of(context.HttpContext, context.HttpContext.Response.StatusCode,
                context.HttpContext.Response.StatusCode == 405 ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
                context.HttpContext.Response.StatusCode == 405 ? "This path does not take that method." : "No such path.").ExecuteAsync(context.HttpContext)
            : Task.CompletedTask);
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapApiRoutes();
        app.Map("/" + EventsSocket.Route, EventsSocket.HandleAsync);
        app.MapGet(OpenApiDocument.Path, () => Results.Text(OpenApiDocument.Json, "application/json"));
        app.MapGet(ApiExplorerPage.Path, () => Results.Text(ApiExplorerPage.Html, "text/html; charset=utf-8"));
        app.MapGet(ApiExplorerPage.ScriptPath, () => Results.Text(ApiExplorerPage.Script, "text/javascript; charset=utf-8"));
        app.MapGet("/docs/explorer.css", () => Results.Text(ApiExplorerPage.Css, "text/css; charset=utf-8"));
        // Storage requests sent since start: what the API costs, for operators and benchmarks.
        app.MapGet("/health", (Conference.Storage.StorageRequests requests) => Results.Ok(new { status = "ok", storage_requests = requests.Count }));
        return app;
    }

    /// <summary>Runs the webhook dispatcher for as long as the host runs.</summary>
    private sealed class WebhookDeliveryService(WebhookDispatcher dispatcher) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => dispatcher.RunAsync(stoppingToken);
    }
}
