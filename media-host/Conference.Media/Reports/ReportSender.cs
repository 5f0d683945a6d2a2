using System.Net.Http.Json;
using System.Threading.Channels;
using Conference.Core.Json;
using Conference.Core.Media;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Reports;

/// <summary>
/// Sends reports to the control plane (<c>POST {control}/internal/media/reports</c> with the shared
/// key), retrying each with backoff: the report's message id makes a repeat harmless there.
/// Reports about one subject (a room, a leg, a call) go one at a time in order; reports about
/// different subjects go side by side in <see cref="Lanes"/> lanes, so a hundred callers hanging up
/// at once are not told one storage commit after another. A report that still fails after
/// <see cref="GiveUpAfter"/> is logged and dropped so one poisoned report cannot hold back its
/// lane; the control plane's timers and health checks cover what it said.
/// </summary>
public sealed class ReportSender : IAsyncDisposable, IReportSink
{
    public const int Lanes = 16;
    private readonly Channel<MediaReport>[] _lanes;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _key;
    private readonly ILogger _logger;
    private readonly Task[] _loops;
    private long _sent;
    private long _dropped;

    public ReportSender(HttpClient http, Uri controlPlane, string key, ILogger logger)
    {
        _http = http;
        _endpoint = new Uri(controlPlane, "internal/media/reports");
        _key = key;
        _logger = logger;
        _lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<MediaReport>(new BoundedChannelOptions(100_000 / Lanes) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest }))
            .ToArray();
        _loops = _lanes.Select(lane => Task.Run(() => RunAsync(lane))).ToArray();
    }

    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(2);
    public long Sent => Interlocked.Read(ref _sent);
    public long Dropped => Interlocked.Read(ref _dropped);
    public int Pending => _lanes.Sum(l => l.Reader.Count);

    public void Report(MediaReport report)
    {
        _lanes[(int)((uint)report.Subject.GetHashCode() % Lanes)].Writer.TryWrite(report);
    }

    private async Task RunAsync(Channel<MediaReport> lane)
    {
        await foreach (var report in lane.Reader.ReadAllAsync())
        {
            var delay = TimeSpan.FromMilliseconds(100);
            var started = DateTime.UtcNow;
            while (true)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent.Create(report, options: CoreJson.Options) };
                    request.Headers.Add(MediaPlaneKey.Header, _key);
                    using var response = await _http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref _sent);
                        break;
                    }
                    if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                    {
                        // The control plane refused it for good (unknown leg, bad key): retrying cannot help.
                        _logger.LogWarning("The control plane refused report {Type} {Id}: {Status}", report.GetType().Name, report.MessageId, (int)response.StatusCode);
                        Interlocked.Increment(ref _dropped);
                        break;
                    }
                    _logger.LogWarning("Report {Type} {Id} answered {Status}; retrying", report.GetType().Name, report.MessageId, (int)response.StatusCode);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    _logger.LogWarning("Report {Type} {Id} could not be sent ({Error}); retrying", report.GetType().Name, report.MessageId, e.Message);
                }
                if (DateTime.UtcNow - started > GiveUpAfter)
                {
                    _logger.LogError("Report {Type} {Id} dropped after {Limit} of failures", report.GetType().Name, report.MessageId, GiveUpAfter);
                    Interlocked.Increment(ref _dropped);
                    break;
                }
                await Task.Delay(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        await Task.WhenAny(Task.WhenAll(_loops), Task.Delay(TimeSpan.FromSeconds(5)));
    }
}
