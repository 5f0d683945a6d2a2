using Conference.Adapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Api;

/// <summary>The wiring of the API, the same wherever it is hosted. The host supplies an <see cref="Conference.Storage.ITableStore"/> and an <see cref="Conference.Core.Entities.IEntityGateway"/>.</summary>
public static class ControlPlaneApi
{
    public static IServiceCollection AddControlPlaneApi(this IServiceCollection services, ApiOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResourceIndex>();
        services.AddSingleton<DirectHashIndex>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton<IdempotencyStore>();
        return services;
    }

    public static WebApplication MapControlPlaneApi(this WebApplication app)
    {
        app.UseApiErrors();
        app.UseStatusCodePages(context => context.HttpContext.Response.ContentLength is null or 0 && !context.HttpContext.Response.HasStarted
            ? Problems.Of(context.HttpContext, context.HttpContext.Response.StatusCode,
                context.HttpContext.Response.StatusCode == 405 ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
                context.HttpContext.Response.StatusCode == 405 ? "This path does not take that method." : "No such path.").ExecuteAsync(context.HttpContext)
            : Task.CompletedTask);
        app.MapApiRoutes();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
