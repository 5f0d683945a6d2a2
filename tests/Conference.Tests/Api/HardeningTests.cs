using System.Net;
using System.Text.Json;
using Conference.Api;
using Conference.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Tests.Api;

public sealed class HardeningTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        foreach (var path in new[] { "/v1.0/conferences", "/v1.0/nothing-here", "/openapi/v1.json" })
        {
            var response = await Api.Client().GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached.");
        }
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_its_requests_store_nothing_while_another_key_is_served()
    {
        Api.Settings["CONFERENCE_RATE_LIMIT"] = "5";
        var other = await Api.OtherCustomerTokenAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference", name = "burst" }));
        }
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("RATE_LIMITED", (await limited[0].JsonAsync()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Api.Client(other).GetAsync("/v1.0/conferences")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var stored = await (await Api.Client().GetAsync("/v1.0/conferences?name=burst")).JsonAsync();
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), stored.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task No_token_or_password_reaches_the_logs()
    {
        var logs = new CapturedLogs();
        using var api = Api.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var client = api.CreateClient();
        await client.GetAsync($"/v1.0/conferences?token={Api.Token}");
        await client.GetAsync($"/v1.0/conferences?token={Api.Token}x");
        await client.PostJsonAsync("/v1.0/auth/login", new { username = Api.AdminUsername, password = Api.AdminPassword });
        var login = await client.PostJsonAsync("/v1.0/auth/login", new { username = Api.AdminUsername, password = Api.AdminPassword + "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        await client.PostRawAsync($"/v1.0/conferences?token={Api.Token}", "{not json");

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Api.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Api.AdminPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route_and_the_explorer_page_loads_it()
    {
        var response = await Api.CreateClient().GetAsync(OpenApiDocument.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.JsonAsync();
        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var route in ApiRoutes.All)
        {
            Assert.True(paths.TryGetProperty("/" + route.Route, out var item), $"/{route.Route} is missing.");
            Assert.True(item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation), $"{route.Method} /{route.Route} is missing.");
            Assert.Equal(route.Name, operation.GetProperty("operationId").GetString());
        }
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var field in new[] { "id", "status", "direct_hash", "tm_create" })
        {
            Assert.True(schemas.GetProperty("ConferenceView").GetProperty("properties").TryGetProperty(field, out _), $"ConferenceView has no {field}.");
        }
        foreach (var reference in JsonRefs(document))
        {
            Assert.StartsWith("#/", reference);
            var target = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                Assert.True(target.TryGetProperty(segment.Replace("~1", "/").Replace("~0", "~"), out target), $"{reference} points nowhere.");
            }
        }

        var page = await (await Api.CreateClient().GetAsync(ApiExplorerPage.Path)).Content.ReadAsStringAsync();
        Assert.Contains(ApiExplorerPage.ScriptPath, page);
        Assert.Contains(OpenApiDocument.Path, await (await Api.CreateClient().GetAsync(ApiExplorerPage.ScriptPath)).Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> JsonRefs(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!] : JsonRefs(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(JsonRefs),
        _ => [],
    };
}
