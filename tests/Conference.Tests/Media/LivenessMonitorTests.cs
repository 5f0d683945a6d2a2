using Azure.Storage.Blobs;
using Conference.Media;
using Conference.Media.Prompts;
using Conference.Media.Recording;
using Conference.Media.Rooms;
using Conference.MediaHost;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Media;

public sealed class LivenessMonitorTests
{
    /// <summary>A control plane that takes requests and never answers them.</summary>
    private sealed class SilentControlPlane : HttpMessageHandler
    {
        public int Heartbeats;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Heartbeats);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("never answered");
        }
    }

    private static (LivenessMonitor Monitor, SilentControlPlane ControlPlane, CapturedLogs Logs) NewMonitor(TimeSpan heartbeatTimeout)
    {
        var controlPlane = new SilentControlPlane();
        var logs = new CapturedLogs();
        var confbridge = new Confbridge(new RoomClock(NullLogger.Instance, 1), new CollectingReports(),
            new BlobServiceClient("UseDevelopmentStorage=true"), new RecordingOptions(), new PromptLoader(new HttpClient(), new SpeechSynthesizer()),
            NullLogger<Confbridge>.Instance);
        var client = new ControlPlaneClient(new HttpClient(controlPlane) { Timeout = heartbeatTimeout }, new Uri("http://127.0.0.1:1/"), "key");
        return (new LivenessMonitor(confbridge, client, new Logger<LivenessMonitor>(new LoggerFactory([logs]))), controlPlane, logs);
    }

    [Fact]
    public async Task A_heartbeat_the_control_plane_does_not_answer_is_logged_and_the_next_one_is_sent()
    {
        var (monitor, controlPlane, logs) = NewMonitor(TimeSpan.FromMilliseconds(200));
        await monitor.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(controlPlane.Heartbeats >= 2), LivenessMonitor.Interval * 5,
            () => Task.FromResult($"{controlPlane.Heartbeats} heartbeats sent"));
        await monitor.StopAsync(CancellationToken.None);

        Assert.Contains(logs.Lines, line => line.Contains("did not take the heartbeat"));
        Assert.True(monitor.ExecuteTask!.IsCompletedSuccessfully, $"the monitor ended {monitor.ExecuteTask.Status}");
    }

    [Fact]
    public async Task Stopping_the_media_host_during_a_heartbeat_ends_the_monitor_quietly()
    {
        var (monitor, controlPlane, logs) = NewMonitor(Timeout.InfiniteTimeSpan);
        await monitor.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(controlPlane.Heartbeats >= 1), LivenessMonitor.Interval * 5,
            () => Task.FromResult("no heartbeat sent"));
        await monitor.StopAsync(CancellationToken.None);

        Assert.True(monitor.ExecuteTask!.IsCompletedSuccessfully, $"the monitor ended {monitor.ExecuteTask.Status}: a stopping host logs it as a failed service");
        Assert.Empty(logs.Lines);
    }
}
