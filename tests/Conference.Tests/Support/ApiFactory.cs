using Conference.Adapters.Accounts;
using Conference.Core.Accounts;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Tests.Support;

/// <summary>
/// The real control plane in process (the local host's Program), on a real Azurite, under a
/// customer of its own so tests do not see each other's conferences.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Azurite _azurite;
    private volatile bool _disposed;

    public ApiFactory(Azurite azurite)
    {
        _azurite = azurite;
    }

    public string Token { get; init; } = "key-" + Guid.NewGuid().ToString("N");
    public Guid CustomerId { get; init; } = Guid.NewGuid();
    public string MediaKey { get; init; } = "media-" + Guid.NewGuid().ToString("N");
    public string AdminUsername { get; init; } = "admin-" + Guid.NewGuid().ToString("N")[..8];
    public string AdminPassword { get; init; } = "pw-" + Guid.NewGuid().ToString("N");
    public FakeMediaHost Media { get; } = new();

    /// <summary>Settings a test adds or changes (set before the first request starts the host).</summary>
    public Dictionary<string, string> Settings { get; } = new();


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CONFERENCE_STORAGE", _azurite.Connection.ConnectionString);
        builder.UseSetting("CONFERENCE_DEV_ACCESS_KEY", Token);
        builder.UseSetting("CONFERENCE_DEV_CUSTOMER_ID", CustomerId.ToString());
        builder.UseSetting("CONFERENCE_MEDIA_KEY", MediaKey);
        builder.UseSetting("CONFERENCE_ADMIN_USERNAME", AdminUsername);
        builder.UseSetting("CONFERENCE_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("CONFERENCE_WEBHOOK_RETRY_MS", "100");
        builder.UseSetting("CONFERENCE_WEBHOOK_POLL_MS", "100");
        builder.UseSetting("CONFERENCE_DATA_DIR", Path.Combine(Path.GetTempPath(), "conference-test-" + Guid.NewGuid().ToString("N")));
        foreach (var (name, value) in Settings)
        {
            builder.UseSetting(name, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMediaHost>();
            services.AddSingleton(host => Media.For(host));
        });
    }

    /// <summary>No host is built once the test that owned the factory has ended: it would run timers against an Azurite that may be gone, with nobody to stop it.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return base.CreateHost(builder);
    }

    public override ValueTask DisposeAsync()
    {
        _disposed = true;
        return base.DisposeAsync();
    }

    public HttpClient Client(string? token = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? Token);
        return client;
    }

    /// <summary>A second customer with a key of its own (a customer admin's, unless another permission is asked for).</summary>
    public async Task<string> OtherCustomerTokenAsync(string permission = Permissions.CustomerAdmin)
    {
        var token = "other-" + Guid.NewGuid().ToString("N");
        var customer = await Services.GetRequiredService<CustomerStore>().CreateAsync(new CreateCustomer("other", "", "", "", "POST"));
        await Services.GetRequiredService<AccessKeyStore>().RegisterAsync(token, customer.Id, "other", DateTimeOffset.MaxValue, permission);
        return token;
    }

    /// <summary>The customer as the API shows it (its webhook secret included).</summary>
    public async Task<JsonElement> CustomerAsync(string? token = null) => await (await Client(token).GetAsync("/v1.0/customer")).JsonAsync();

    /// <summary>Points the customer's webhook at <paramref name="uri"/>.</summary>
    public async Task<string> UseWebhookAsync(Uri uri, string? token = null)
    {
        var response = await Client(token).PutAsync("/v1.0/customer", JsonContent.Create(new { webhook_uri = uri.ToString() }, options: CoreJson.Options));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("webhook_secret").GetString()!;
    }

    public IEntityGateway Entities => Services.GetRequiredService<IEntityGateway>();
}

public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent.Create(body, options: CoreJson.Options));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsync(path, JsonContent.Create(body, options: CoreJson.Options));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
}
