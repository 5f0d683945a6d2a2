using Azure.Data.Tables;
using Conference.Adapters;
using Conference.Adapters.Accounts;
using Conference.Api;
using Conference.Core.Entities;
using Conference.LocalHost;
using Conference.Runtime;
using Conference.Storage;

// The content root is where the build put appsettings.json, whatever directory the process was started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var settings = LocalSettings.From(builder.Configuration);
var developmentKey = new DevelopmentKey(settings.SecretOrStored(settings.DevelopmentAccessKey, "dev-access-key", AccessKeyStore.NewToken), settings.DevelopmentCustomerId);
var mediaKey = settings.SecretOrStored(settings.MediaSharedKey, "media-key", AccessKeyStore.NewToken);
var firstCustomer = new FirstCustomer(settings.DevelopmentCustomerId, settings.AdminUsername,
    settings.SecretOrStored(settings.AdminPassword, "admin-password", AccessKeyStore.NewToken), developmentKey.Token);
var tokenSigningKey = settings.SecretOrStored(settings.TokenSigningKey, "token-signing-key", AccessKeyStore.NewToken);

builder.WebHost.UseUrls(settings.ApiUrl);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes);
// First of the hosted services: they start in this order, and the engine and the webhook dispatcher's first scan need the tables.
builder.Services.AddHostedService<ControlPlaneStartup>();
builder.Services.AddEngine(settings);
builder.Services.AddControlPlaneApi(new ApiOptions
{
    MaxBodyBytes = settings.MaxBodyBytes,
    MediaSharedKey = mediaKey,
    TokenSigningKey = tokenSigningKey,
    RateLimitPerSecond = settings.RateLimitPerSecond,
    RateLimitBurst = settings.RateLimitPerSecond * 2,
    LoginTokenLifetime = settings.LoginTokenLifetime,
    Webhooks = settings.Webhooks,
    DeliverWebhooks = settings.DeliverWebhooks,
    TranscribeLanguages = Conference.Core.Transcribes.TranscribeLanguages.From(builder.Configuration["CONFERENCE_TRANSCRIBE_LANGUAGES"]),
});
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(developmentKey);
builder.Services.AddSingleton(firstCustomer);
builder.Services.AddConferenceStorage(settings.Storage);
builder.Services.AddSingleton(new MediaHostOptions(settings.MediaHostUrl, mediaKey));
builder.Services.AddHttpClient<IMediaHost, MediaHostClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<IEffectHandler, EffectRouter>();
builder.Services.AddHostedService<MediaHostSilenceCheck>();

var app = builder.Build();
app.MapControlPlaneApi();
app.Lifetime.ApplicationStarted.Register(() =>
{
    Console.WriteLine($"Conference API listening on {settings.ApiUrl}/v1.0 ({settings.Engine} engine)");
    // The secrets stay in their files: a log is no place for a key.
    Console.WriteLine($"Development access key: in {Path.Combine(settings.DataDirectory, "dev-access-key")} (admin login: {settings.AdminUsername}, password in {Path.Combine(settings.DataDirectory, "admin-password")})");
    Console.WriteLine($"API explorer: {settings.ApiUrl}/docs   OpenAPI: {settings.ApiUrl}/openapi/v1.json");
    Console.WriteLine($"Try: curl \"{settings.ApiUrl}/v1.0/conferences?token=$(cat {Path.Combine(settings.DataDirectory, "dev-access-key")})\"");
});
app.Run();

/// <summary>The entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
