using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Media;
using Conference.Media.Reports;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Media;

public sealed class ReportSenderTests
{
    /// <summary>A control plane that takes a while per report, answers 503 to the first try of some, and records what it accepted.</summary>
    private sealed class SlowControlPlane : HttpMessageHandler
    {
        private int _inFlight;
        private readonly ConcurrentDictionary<Guid, int> _refused = new();
        public int MostAtOnce;
        public ConcurrentQueue<(Guid Call, int Order)> Accepted { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref MostAtOnce)) < now && Interlocked.CompareExchange(ref MostAtOnce, now, seen) != seen)
            {
            }
            try
            {
                await Task.Delay(30, cancellationToken);
                var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement;
                var call = body.GetProperty("call_id").GetGuid();
                var order = int.Parse(body.GetProperty("reason").GetString()!);
                // Every third report fails once: its retry must still come before the next report about the same call.
                if (order % 3 == 0 && _refused.TryAdd(body.GetProperty("message_id").GetGuid(), 1))
                {
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                }
                Accepted.Enqueue((call, order));
                return new HttpResponseMessage(HttpStatusCode.NoContent);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    [Fact]
    public async Task Reports_about_one_call_arrive_in_order_while_different_calls_are_sent_side_by_side()
    {
        var controlPlane = new SlowControlPlane();
        await using var sender = new ReportSender(new HttpClient(controlPlane), new Uri("http://control.test/"), "key", NullLogger.Instance);
        var calls = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        for (var order = 0; order < 6; order++)
        {
            foreach (var call in calls)
            {
                sender.Report(new CallStatusReport(Guid.NewGuid(), call, CallStatus.Progressing, order.ToString()));
            }
        }

        await Eventually.TrueAsync(() => Task.FromResult(controlPlane.Accepted.Count == calls.Length * 6), TimeSpan.FromSeconds(30), $"only {controlPlane.Accepted.Count} reports arrived");
        foreach (var call in calls)
        {
            Assert.Equal([0, 1, 2, 3, 4, 5], controlPlane.Accepted.Where(a => a.Call == call).Select(a => a.Order));
        }
        Assert.True(controlPlane.MostAtOnce > 1, "the reports about different calls were sent one at a time");
        Assert.Equal(0, sender.Dropped);
    }
}
