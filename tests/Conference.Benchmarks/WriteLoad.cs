using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Benchmarks;

/// <summary>
/// The writes a customer makes, at a fixed rate (open loop) against a running local stack with its
/// media host: <c>POST /conferences</c>, then a kick (<c>DELETE /conferencecalls/{id}</c>) of
/// participants that dialed in over SIP and talk. Run once per engine for a side-by-side. The kicks
/// begin as soon as every caller is listed as joined, or <c>settle</c> seconds later: the joins'
/// own work (events, list rows, timers) is still under way at first on the durable engine.
/// </summary>
public static class WriteLoad
{
    /// <summary>Callers per conference for the kicks: the mixer's load stays that of ordinary rooms.</summary>
    private const int PerRoom = 10;

    public static async Task<int> RunAsync(Uri api, string token, IPEndPoint sip, int rate, int seconds, int settle = 0)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        await ApiLoad.AtRateAsync(rate, 2, () => CreateAsync(http));
        var creates = await ApiLoad.AtRateAsync(rate, seconds, () => CreateAsync(http));
        ApiLoad.Report($"POST /v1.0/conferences at {rate}/s", creates, seconds);

        var callers = rate * seconds;
        var rooms = new List<(Guid Id, string Hash)>();
        for (var i = 0; i < (callers + PerRoom - 1) / PerRoom; i++)
        {
            rooms.Add(await CreateAsync(http));
        }
        await WaitAsync(async () => (await Task.WhenAll(rooms.Select(async r => (await http.GetFromJsonAsync<JsonElement>($"v1.0/conferences/{r.Id}")).GetProperty("status").GetString()))).All(s => s == "progressing"));
        var phones = Enumerable.Range(0, callers).Select(i => new SipLoad.Phone(rooms[i % rooms.Count].Hash, sip)).ToArray();
        using var talking = new CancellationTokenSource();
        var talk = SipLoad.Phone.TalkAsync(phones, talking.Token);
        var clock = Stopwatch.StartNew();
        foreach (var phone in phones)
        {
            phone.Invite(clock);
            await Task.Delay(1000 / rate);
        }
        await Task.WhenAll(phones.Select(p => p.AwaitAnswerAsync(clock)));
        var joined = new List<JsonElement>();
        try
        {
            await WaitAsync(async () => (joined = await SipLoad.ParticipantsAsync(http, rooms.Select(r => r.Id), "joined")).Count == callers);
        }
        catch (TimeoutException)
        {
            // Which participants did not get there: listed in another status, or not listed at all.
            var listed = await SipLoad.ParticipantsAsync(http, rooms.Select(r => r.Id));
            Console.WriteLine($"{callers} callers, {listed.Count} listed: " + string.Join(", ", listed.GroupBy(p => p.GetProperty("status").GetString()).Select(g => $"{g.Count()} {g.Key}")) +
                "; not joined: " + string.Join(" ", listed.Where(p => p.GetProperty("status").GetString() != "joined").Select(p => p.GetProperty("id").GetGuid())));
            throw;
        }
        Console.WriteLine($"{callers} callers joined {clock.Elapsed.TotalSeconds:F1} s after the first INVITE; the kicks begin {settle} s later");
        await Task.Delay(TimeSpan.FromSeconds(settle));

        var next = -1;
        var kicks = await ApiLoad.AtRateAsync(rate, seconds, async () =>
        {
            var participant = joined[Interlocked.Increment(ref next)].GetProperty("id").GetGuid();
            using var response = await http.DeleteAsync($"v1.0/conferencecalls/{participant}");
            response.EnsureSuccessStatusCode();
        });
        ApiLoad.Report($"DELETE /v1.0/conferencecalls/{{id}} at {rate}/s", kicks, seconds);
        await talking.CancelAsync();
        await talk;
        foreach (var phone in phones)
        {
            phone.Dispose();
        }
        return 0;
    }

    internal static async Task<(Guid Id, string Hash)> CreateAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("v1.0/conferences", new { type = "conference", max_participants = 800 });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("direct_hash").GetString()!);
    }

    internal static async Task WaitAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The stack never got there.");
            }
            await Task.Delay(50);
        }
    }
}
