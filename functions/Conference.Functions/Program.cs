using Conference.Adapters;
using Conference.Api;
using Conference.Core.Entities;
using Conference.Functions;
using Conference.Storage;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The thin adapter: the same API handlers, core entities and adapters as the local host, with
// Durable entities in place of the local runtime.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var settings = AzureSettings.From(builder.Configuration);
builder.Services.AddControlPlaneApi(new ApiOptions { MediaSharedKey = settings.MediaKey, TokenSigningKey = settings.TokenSigningKey });
builder.Services.AddSingleton<ITableStore>(new TableClient(settings.Storage));
builder.Services.AddSingleton<IBlobStore>(new BlobClient(settings.Storage));
builder.Services.AddSingleton(new MediaHostOptions(settings.MediaHostUrl, settings.MediaKey));
builder.Services.AddHttpClient<IMediaHost, MediaHostClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<IEffectHandler, EffectRouter>();
builder.Services.AddSingleton(EntityRegistry.Default());
builder.Services.AddSingleton(settings);
builder.Services.AddScoped<DurableGatewayHolder>();
builder.Services.AddScoped<IEntityGateway>(services => services.GetRequiredService<DurableGatewayHolder>().Gateway);
builder.Services.AddHostedService<TablesStartup>();

builder.Build().Run();
