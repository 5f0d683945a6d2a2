using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Conference.Benchmarks;

/// <summary>
/// Storage requests (each one a billed transaction in Azure) a running local stack makes, counted in
/// the debug log of its Azurite (<c>--debug</c>): with nothing happening, per API write, per SIP
/// join and kick, and per minute of a conference with 5 talking participants. Each figure is the
/// requests in its window less the idle rate over the same time, the window running on until the
/// stack is quiet again (what an operation sets off afterwards counts to it).
/// </summary>
public static partial class StorageCost
{
    public static async Task<int> RunAsync(Uri api, string token, IPEndPoint sip, string azuriteDebugLog)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var log = new RequestLog(azuriteDebugLog);
        await WriteLoad.CreateAsync(http);
        await Task.Delay(TimeSpan.FromSeconds(10));

        var idle = await log.CountAsync(() => Task.Delay(TimeSpan.FromSeconds(30)), 0);
        var idlePerSecond = idle.Requests / idle.Seconds;
        Console.WriteLine($"cost | idle | {idlePerSecond:F1} requests/s ({idlePerSecond * 60:F0}/min) | {idle.Breakdown}");

        const int creates = 20;
        var created = new List<(Guid Id, string Hash)>();
        Report("POST /v1.0/conferences", creates, await log.CountAsync(async () =>
        {
            for (var i = 0; i < creates; i++)
            {
                created.Add(await WriteLoad.CreateAsync(http));
                await Task.Delay(500);
            }
        }, idlePerSecond), idlePerSecond);

        const int joins = 10;
        var room = created[0];
        var phones = Enumerable.Range(0, joins).Select(_ => new SipLoad.Phone(room.Hash, sip)).ToArray();
        using var talking = new CancellationTokenSource();
        var talk = SipLoad.Phone.TalkAsync(phones, talking.Token);
        var clock = Stopwatch.StartNew();
        var joinedCount = 0;
        Report("SIP join (INVITE to joined)", joins, await log.CountAsync(async () =>
        {
            foreach (var phone in phones)
            {
                phone.Invite(clock);
                await phone.AwaitAnswerAsync(clock);
                joinedCount++;
                await WriteLoad.WaitAsync(async () => (await SipLoad.ParticipantsAsync(http, [room.Id], "joined")).Count == joinedCount);
            }
        }, idlePerSecond), idlePerSecond, note: "the phones talk and are health-checked meanwhile");

        var participants = await SipLoad.ParticipantsAsync(http, [room.Id], "joined");
        Report("DELETE /v1.0/conferencecalls/{id} (kick, hangup included)", participants.Count, await log.CountAsync(async () =>
        {
            foreach (var participant in participants)
            {
                (await http.DeleteAsync($"v1.0/conferencecalls/{participant.GetProperty("id").GetGuid()}")).EnsureSuccessStatusCode();
                await Task.Delay(500);
            }
        }, idlePerSecond), idlePerSecond);
        await talking.CancelAsync();
        await talk;
        foreach (var phone in phones)
        {
            phone.Dispose();
        }

        var five = await WriteLoad.CreateAsync(http);
        var fivePhones = Enumerable.Range(0, 5).Select(_ => new SipLoad.Phone(five.Hash, sip)).ToArray();
        using var fiveTalking = new CancellationTokenSource();
        var fiveTalk = SipLoad.Phone.TalkAsync(fivePhones, fiveTalking.Token);
        await WriteLoad.WaitAsync(async () => (await http.GetStringAsync($"v1.0/conferences/{five.Id}")).Contains("\"progressing\""));
        foreach (var phone in fivePhones)
        {
            phone.Invite(clock);
        }
        await Task.WhenAll(fivePhones.Select(p => p.AwaitAnswerAsync(clock)));
        await WriteLoad.WaitAsync(async () => (await SipLoad.ParticipantsAsync(http, [five.Id], "joined")).Count == 5);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var conferenceMinute = await log.CountAsync(() => Task.Delay(TimeSpan.FromSeconds(60)), idlePerSecond, settle: false);
        var above = (conferenceMinute.Requests - idlePerSecond * conferenceMinute.Seconds) / conferenceMinute.Seconds * 60;
        Console.WriteLine($"cost | conference-minute, 5 talking participants | {conferenceMinute.Requests / conferenceMinute.Seconds * 60:F0} requests in the minute, {above:F0} above idle | {conferenceMinute.Breakdown}");
        await fiveTalking.CancelAsync();
        await fiveTalk;
        foreach (var phone in fivePhones)
        {
            phone.Dispose();
        }
        return 0;
    }

    private static void Report(string what, int count, Window window, double idlePerSecond, string note = "")
    {
        var above = window.Requests - idlePerSecond * window.Seconds;
        Console.WriteLine($"cost | {what} | {above / count:F1} requests each ({count} in {window.Seconds:F0} s, {window.Requests} counted, idle {idlePerSecond * window.Seconds:F0}){(note.Length > 0 ? " | " + note : "")} | {window.Breakdown}");
    }

    private sealed record Window(long Requests, double Seconds, string Breakdown);

    /// <summary>Azurite's debug log, read from where the last count stopped: one "Operation=" line per request.</summary>
    private sealed partial class RequestLog(string path)
    {
        private long _offset = new FileInfo(path).Length;

        /// <summary>Requests made while <paramref name="work"/> runs and, with <paramref name="settle"/>, until a second passes at no more than the idle rate.</summary>
        public async Task<Window> CountAsync(Func<Task> work, double idlePerSecond, bool settle = true)
        {
            var operations = new Dictionary<string, long>();
            Drain(operations);
            operations.Clear();
            var clock = Stopwatch.StartNew();
            await work();
            long total = Drain(operations);
            while (settle)
            {
                await Task.Delay(1000);
                var lastSecond = Drain(operations);
                total += lastSecond;
                if (lastSecond <= Math.Max(1, idlePerSecond * 1.5) || clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    break;
                }
            }
            var top = string.Join(", ", operations.OrderByDescending(o => o.Value).Take(8).Select(o => $"{o.Key} {o.Value}"));
            return new Window(total, clock.Elapsed.TotalSeconds, top);
        }

        private long Drain(Dictionary<string, long> operations)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(_offset, SeekOrigin.Begin);
            var bytes = new byte[stream.Length - _offset];
            stream.ReadExactly(bytes);
            // Only whole lines: the one Azurite is writing now is read next time.
            var whole = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            _offset += whole;
            long count = 0;
            foreach (Match match in Operation().Matches(System.Text.Encoding.UTF8.GetString(bytes, 0, whole)))
            {
                count++;
                operations[match.Groups[1].Value] = operations.GetValueOrDefault(match.Groups[1].Value) + 1;
            }
            return count;
        }

        [GeneratedRegex(@"Operation=(\w+)")]
        private static partial Regex Operation();
    }
}
