using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Conference.Tests.Support;

/// <summary>
/// The local stack as separate processes, as scripts/start.sh runs it: the control plane and the
/// media host (their Release builds) over an Azurite of their own, on free ports, with known keys.
/// Either process can be killed (SIGKILL) and started again on the same data. The control plane runs
/// the embedded engine unless a subclass names another (<see cref="DurableLocalStack"/>).
/// </summary>
public class LocalStack : IAsyncLifetime
{
    private readonly Azurite azurite;
    private readonly string _engine;
    public const string AccessKey = "e2e-access-key-0123456789abcdef";
    public const string MediaKey = "e2e-media-key-0123456789abcdef";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "conference-stack-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _logs = new();
    private Process? _controlPlane;
    private Process? _mediaHost;

    public LocalStack() : this("embedded")
    {
    }

    protected LocalStack(string engine)
    {
        _engine = engine;
        azurite = engine == "durable" ? Azurite.ForDurableTask() : new Azurite();
    }

    public Uri ApiUrl { get; } = new($"http://127.0.0.1:{FreePorts.Next()}/");
    public Uri MediaUrl { get; } = new($"http://127.0.0.1:{FreePorts.Next()}/");
    public int SipPort { get; } = FreePorts.Next();
    public Azurite Storage => azurite;

    /// <summary>A conference's dial-in address on this stack's media host.</summary>
    public string DirectAddress(string directHash) => $"sip:direct.{directHash}@127.0.0.1:{SipPort}";

    /// <summary>A dial-in number's address on this stack's media host.</summary>
    public string NumberAddress(string number) => $"sip:{number}@127.0.0.1:{SipPort}";
    public string Logs { get { lock (_logs) { return _logs.ToString(); } } }

    /// <summary>A failed wait's message, made when it fails: what it waited for and the end of both processes' logs by then.</summary>
    public Func<Task<string>> Explain(string what) => () => Task.FromResult($"{what}:\n--- stack logs (end):\n{RecentLogs()}");

    /// <summary>Waits for <paramref name="condition"/>; a failure says what was awaited, what each phone printed, and the end of the stack's logs.</summary>
    public Task UntilAsync(Func<Task<bool>> condition, string what, IEnumerable<Baresip> phones, int seconds) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(seconds), async () =>
            $"{what}:\n{string.Join("\n", phones.Select(p => p.Output))}\n{await Explain(what)()}");

    public string RecentLogs()
    {
        var logs = Logs;
        return logs[^Math.Min(logs.Length, 20_000)..];
    }

    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessKey);
        return client;
    }

    /// <summary>The media host's own HTTP surface (commands, stats), with the planes' shared key.</summary>
    public HttpClient Media()
    {
        var client = new HttpClient { BaseAddress = MediaUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(Conference.Core.Media.MediaPlaneKey.Header, MediaKey);
        return client;
    }

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Directory.CreateDirectory(_data);
        await StartControlPlaneAsync();
        await StartMediaHostAsync();
    }

    public async Task StartControlPlaneAsync()
    {
        _controlPlane = Start("functions/Conference.LocalHost/bin/Release/net10.0/Conference.LocalHost.dll");
        await WaitHealthyAsync(ApiUrl, _controlPlane);
    }

    /// <summary>SIGKILL: no shutdown hooks, nothing flushed.</summary>
    public void KillControlPlane() => Kill(_controlPlane);

    public async Task StartMediaHostAsync()
    {
        _mediaHost = Start("media-host/Conference.MediaHost/bin/Release/net10.0/Conference.MediaHost.dll");
        await WaitHealthyAsync(MediaUrl, _mediaHost);
    }

    /// <summary>SIGKILL: no shutdown hooks, nothing flushed.</summary>
    public void KillMediaHost() => Kill(_mediaHost);

    private static void Kill(Process? process)
    {
        process?.Kill();
        process?.WaitForExit(5000);
    }

    private Process Start(string relativeDll)
    {
        var dll = Path.Combine(RepositoryRoot.Find(), relativeDll);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (scripts/test.sh does).");
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _data };
        start.ArgumentList.Add(dll);
        start.Environment["CONFERENCE_API_URL"] = ApiUrl.ToString().TrimEnd('/');
        start.Environment["CONFERENCE_MEDIA_HOST_URL"] = MediaUrl.ToString().TrimEnd('/');
        start.Environment["CONFERENCE_AZURITE_HOST"] = "127.0.0.1";
        start.Environment["CONFERENCE_AZURITE_BLOB_PORT"] = azurite.BlobPort.ToString();
        start.Environment["CONFERENCE_AZURITE_TABLE_PORT"] = azurite.TablePort.ToString();
        start.Environment["CONFERENCE_AZURITE_QUEUE_PORT"] = azurite.QueuePort.ToString();
        start.Environment["CONFERENCE_DATA_DIR"] = _data;
        start.Environment["CONFERENCE_DEV_ACCESS_KEY"] = AccessKey;
        start.Environment["CONFERENCE_ENGINE"] = _engine;
        start.Environment["CONFERENCE_MEDIA_KEY"] = MediaKey;
        start.Environment["CONFERENCE_RTP_PORTS"] = "0";
        start.Environment["CONFERENCE_SIP_LISTEN"] = $"127.0.0.1:{SipPort}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{relativeDll} did not start.");
        var name = Path.GetFileNameWithoutExtension(relativeDll);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_logs) { _logs.AppendLine($"[{name}] {e.Data}"); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_logs) { _logs.AppendLine($"[{name}] {e.Data}"); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitHealthyAsync(Uri url, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"A process exited at start:\n{Logs}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(url, "health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} never became healthy:\n{Logs}");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _mediaHost, _controlPlane })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            process?.Dispose();
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
        await azurite.DisposeAsync();
    }
}

/// <summary>The end-to-end classes share one local stack and run one after another (they time audio and kill processes).</summary>
[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStack>
{
    public const string Name = "local stack";
}

/// <summary>The same stack with the control plane on the Durable Task engine (CONFERENCE_ENGINE=durable) over its Azurite.</summary>
public sealed class DurableLocalStack() : LocalStack("durable");

/// <summary>The end-to-end run on the durable engine: a stack of its own, so it can run beside the embedded one.</summary>
[CollectionDefinition(Name)]
public sealed class DurableLocalStackCollection : ICollectionFixture<DurableLocalStack>
{
    public const string Name = "durable local stack";
}

/// <summary>A stack of its own for measurements that other tests' load would spoil (the room clock's missed ticks).</summary>
public sealed class QuietLocalStack() : LocalStack("embedded");

/// <summary>Runs alone, after the parallel collections: nothing else competes for the cores while it measures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietLocalStackCollection : ICollectionFixture<QuietLocalStack>
{
    public const string Name = "quiet local stack";
}
