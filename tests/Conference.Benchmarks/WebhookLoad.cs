using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Benchmarks;

/// <summary>
/// Webhook delivery under load against a running control plane: a receiver on loopback, the
/// customer's webhook pointed at it, then conference updates (PUT with a new name) at a fixed rate
/// over several conferences. Latency is from sending the update to the receiver having its
/// conference_updated event (matched by conference and name), so it includes the API request,
/// the entity's stored commit, the queue write and the delivery.
/// </summary>
public static class WebhookLoad
{
    public static async Task<int> RunAsync(Uri baseUrl, string token, int rate, int seconds, int conferences)
    {
        var clock = Stopwatch.StartNew();
        var received = new ConcurrentDictionary<string, double>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var at = clock.Elapsed.TotalMilliseconds;
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() == "conference_updated")
            {
                received.TryAdd(root.GetProperty("conference_id").GetString() + "|" + root.GetProperty("data").GetProperty("name").GetString(), at);
            }
            return Results.Ok();
        });
        await receiver.StartAsync();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.PutAsync("v1.0/customer", Json(new { webhook_uri = receiver.Urls.First() + "/hook" }))).EnsureSuccessStatusCode();
        var ids = new List<string>();
        for (var i = 0; i < conferences; i++)
        {
            using var created = await http.PostAsync("v1.0/conferences", Json(new { type = "conference", name = "start" }));
            ids.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }
        await Task.Delay(2000); // rooms confirmed, creation events delivered

        var sent = new ConcurrentDictionary<string, double>();
        var failures = 0;
        var pending = new List<Task>();
        var start = clock.Elapsed;
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = start + TimeSpan.FromSeconds(i / (double)rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var id = ids[i % ids.Count];
            var name = "n" + i;
            pending.Add(Task.Run(async () =>
            {
                sent[id + "|" + name] = clock.Elapsed.TotalMilliseconds;
                using var response = await http.PutAsync($"v1.0/conferences/{id}", Json(new { name }));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(pending);
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while (sent.Keys.Any(k => !received.ContainsKey(k)) && clock.Elapsed < deadline)
        {
            await Task.Delay(100);
        }

        var latencies = sent.Where(s => received.ContainsKey(s.Key)).Select(s => received[s.Key] - s.Value).Order().ToList();
        var arrivals = sent.Keys.Where(received.ContainsKey).Select(k => received[k]).Order().ToList();
        double At(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))];
        var span = (arrivals[^1] - arrivals[0]) / 1000;
        Console.WriteLine($"webhooks | {rate}/s over {conferences} conferences for {seconds} s | delivered {latencies.Count}/{sent.Count} ({failures} updates failed) | " +
                          $"{latencies.Count / span,5:F0} deliveries/s | p50 {At(0.50),6:F1} ms | p99 {At(0.99),6:F1} ms | max {latencies[^1],6:F1} ms");
        await receiver.StopAsync();
        return latencies.Count == sent.Count ? 0 : 1;
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
