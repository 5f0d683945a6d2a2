using Conference.Media;
using Conference.Media.Calls;
using Conference.Media.Sip;
using Conference.Media.Prompts;
using Conference.Media.Recording;
using Conference.Media.Reports;
using Conference.Media.Rooms;
using Conference.Media.Rtp;
using Conference.Media.Transcription;
using Conference.Storage;

namespace Conference.MediaHost;

/// <summary>Wires the media host: the confbridge and its clock, storage, reports, and the HTTP/WebSocket surface.</summary>
public static class MediaHostApp
{
    /// <summary>Builds the app; tests pass their own report sink.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, MediaHostSettings settings, IReportSink? reports = null)
    {
        builder.WebHost.UseUrls(settings.ListenUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 256 * 1024);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddHttpClient();
        services.AddConferenceStorage(settings.Storage);
        services.AddSingleton(sp => reports ?? new ReportSender(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("reports"), settings.ControlPlaneUrl, settings.SharedKey,
            sp.GetRequiredService<ILogger<ReportSender>>()));
        services.AddSingleton(sp => new RoomClock(sp.GetRequiredService<ILogger<RoomClock>>(), settings.ClockThreads));
        services.AddSingleton(new RtpPorts(settings.RtpAddress, settings.RtpFirstPort, settings.RtpLastPort));
        services.AddSingleton(new SpeechSynthesizer());
        services.AddSingleton(sp => new PromptLoader(sp.GetRequiredService<IHttpClientFactory>().CreateClient("prompts"), sp.GetRequiredService<SpeechSynthesizer>()));
        var transcription = TranscriptionSettings.From(builder.Configuration);
        services.AddSingleton(transcription);
        services.AddSpeechHttpClient();
        services.AddSingleton(sp => new TranscriptionHolder(transcription.CreateWorker(sp)));
        services.AddSingleton(sp => new Confbridge(
            sp.GetRequiredService<RoomClock>(), sp.GetRequiredService<IReportSink>(), sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>(),
            new RecordingOptions { Container = settings.RecordingsContainer }, sp.GetRequiredService<PromptLoader>(),
            sp.GetRequiredService<ILogger<Confbridge>>())
        {
            Transcription = sp.GetRequiredService<TranscriptionHolder>().Worker,
        });
        services.AddSingleton(sp => new ControlPlaneClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient("control"), settings.ControlPlaneUrl, settings.SharedKey));
        services.AddSingleton(sp => new SipEndpoint(settings.SipListen, settings.PublicAddress, sp.GetRequiredService<RtpPorts>(), SipTimers.Default,
            sp.GetRequiredService<ILogger<SipEndpoint>>()));
        services.AddSingleton(sp => new SipCalls(sp.GetRequiredService<SipEndpoint>(), sp.GetRequiredService<Confbridge>(), sp.GetRequiredService<PromptLoader>(),
            sp.GetRequiredService<ControlPlaneClient>(), sp.GetRequiredService<IReportSink>(), sp.GetRequiredService<ILogger<SipCalls>>()));
        services.AddHostedService<LivenessMonitor>();
        services.AddProblemDetails();

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.MapMediaHostApi();
        var sip = app.Services.GetRequiredService<SipCalls>();
        app.Lifetime.ApplicationStarted.Register(sip.Endpoint.Start);
        app.Lifetime.ApplicationStopping.Register(() => sip.Endpoint.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5)));
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<Confbridge>().DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10)));
        return app;
    }
}

/// <summary>
/// Every couple of seconds: tells the control plane which legs' media stopped or came back, and what
/// this media host has (its heartbeat: after a restart, the control plane learns from it that the
/// rooms and legs it knew are gone).
/// </summary>
public sealed class LivenessMonitor(Confbridge confbridge, ControlPlaneClient controlPlane, ILogger<LivenessMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            confbridge.CheckLiveness();
            try
            {
                await controlPlane.HeartbeatAsync(confbridge.Heartbeat(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("The control plane did not take the heartbeat: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>The transcription worker, or none (engine <c>none</c>); disposed with the host, after the confbridge.</summary>
public sealed class TranscriptionHolder(TranscriptionWorker? worker) : IAsyncDisposable
{
    public TranscriptionWorker? Worker { get; } = worker;

    public ValueTask DisposeAsync() => Worker?.DisposeAsync() ?? ValueTask.CompletedTask;
}
