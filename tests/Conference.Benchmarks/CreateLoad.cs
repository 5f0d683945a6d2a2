using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Conference.Benchmarks;

/// <summary>
/// What one create costs: <c>POST /v1.0/conferences</c> one at a time, each followed until it is
/// <c>progressing</c> and the control plane has gone quiet, counting the storage requests the
/// control plane reports on <c>/health</c> (its clients' own count) and timing request to progressing.
/// </summary>
public static class CreateLoad
{
    public static async Task<int> RunAsync(Uri baseUrl, string token, int count)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await CreateAsync(http);
        var toProgressing = new List<double>();
        var requests = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var before = await QuietCountAsync(http);
            var clock = Stopwatch.StartNew();
            var id = await CreateAsync(http);
            while (JsonDocument.Parse(await http.GetStringAsync($"v1.0/conferences/{id}")).RootElement.GetProperty("status").GetString() != "progressing")
            {
                await Task.Delay(2);
            }
            toProgressing.Add(clock.Elapsed.TotalMilliseconds);
            requests.Add(await QuietCountAsync(http) - before);
        }
        toProgressing.Sort();
        Console.WriteLine($"creates | {count} one at a time | storage requests to progressing: mean {requests.Average():F2}, max {requests.Max()} | " +
                          $"request to progressing p50 {toProgressing[count / 2]:F1} ms, p99 {toProgressing[(int)(count * 0.99)]:F1} ms");
        return 0;
    }

    private static async Task<string> CreateAsync(HttpClient http)
    {
        using var response = await http.PostAsync("v1.0/conferences", new StringContent("{\"type\":\"conference\"}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The count once it has not moved for 300 ms (a GET of a conference in memory costs none).</summary>
    private static async Task<long> QuietCountAsync(HttpClient http)
    {
        long last = -1;
        for (var quiet = 0; quiet < 3;)
        {
            var now = JsonDocument.Parse(await http.GetStringAsync("health")).RootElement.GetProperty("storage_requests").GetInt64();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            await Task.Delay(100);
        }
        return last;
    }
}
