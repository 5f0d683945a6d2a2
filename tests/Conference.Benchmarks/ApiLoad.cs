using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Conference.Benchmarks;

/// <summary>
/// The API at a fixed request rate (open loop: requests leave on schedule whether or not earlier
/// ones have answered, so a slow server shows as latency, not as a lower rate), then the most it
/// answers with 32 requests in flight.
/// </summary>
public static class ApiLoad
{
    public static async Task<int> RunAsync(Uri baseUrl, string token, int rate, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Warm up first (JIT, connections, caches): the figures are of a running control plane.
        await AtRateAsync(Math.Min(rate, 50), 2, async () => (await http.PostAsync("v1.0/conferences", new StringContent("{\"type\":\"conference\"}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode());

        var post = await AtRateAsync(rate, seconds, async () =>
        {
            using var response = await http.PostAsync("v1.0/conferences", new StringContent("{\"type\":\"conference\",\"name\":\"bench\"}", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        });
        Report($"POST /v1.0/conferences at {rate}/s", post, seconds);

        var known = ids.ToArray();
        var next = 0;
        var get = await AtRateAsync(rate, seconds, async () =>
        {
            var id = known[Interlocked.Increment(ref next) % known.Length];
            using var response = await http.GetAsync($"v1.0/conferences/{id}");
            response.EnsureSuccessStatusCode();
        });
        Report($"GET /v1.0/conferences/{{id}} at {rate}/s", get, seconds);

        var closedLoop = Environment.GetEnvironmentVariable("BENCH_CLOSED_LOOP");
        if (closedLoop is not ("1" or "post"))
        {
            return 0;
        }
        foreach (var (label, request) in new (string, Func<Task>)[]
                 {
                     ("POST /v1.0/conferences", async () => (await http.PostAsync("v1.0/conferences", new StringContent("{\"type\":\"conference\"}"))).EnsureSuccessStatusCode()),
                     ("GET /v1.0/conferences/{id}", async () => (await http.GetAsync($"v1.0/conferences/{known[Interlocked.Increment(ref next) % known.Length]}")).EnsureSuccessStatusCode()),
                 }.Where(l => closedLoop == "1" || l.Item1.StartsWith("POST", StringComparison.Ordinal)))
        {
            var (count, elapsed) = await ClosedLoopAsync(32, TimeSpan.FromSeconds(10), request);
            Console.WriteLine($"api | {label,-28} | most with 32 in flight: {count / elapsed,6:F0} req/s");
        }
        return 0;
    }

    internal static async Task<List<double>> AtRateAsync(int rate, int seconds, Func<Task> request)
    {
        var latencies = new List<double>();
        var failures = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = rate * seconds;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var scheduled = due;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await request();
                    var latency = (clock.Elapsed - scheduled).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(latency);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(pending);
        if (failures > 0)
        {
            Console.WriteLine($"api | {failures} requests failed");
        }
        return latencies;
    }

    private static async Task<(long Count, double Seconds)> ClosedLoopAsync(int inFlight, TimeSpan duration, Func<Task> request)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await request();
                Interlocked.Increment(ref count);
            }
        }));
        return (count, clock.Elapsed.TotalSeconds);
    }

    internal static void Report(string label, List<double> latencies, int seconds)
    {
        latencies.Sort();
        double At(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))];
        Console.WriteLine($"api | {label,-36} | {latencies.Count / (double)seconds,5:F0} req/s | p50 {At(0.50),6:F1} ms | p99 {At(0.99),6:F1} ms | max {latencies[^1],6:F1} ms");
    }
}
