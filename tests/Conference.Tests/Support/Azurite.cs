using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Conference.Storage;

namespace Conference.Tests.Support;

/// <summary>
/// A real Azurite, started from the project's node_modules on free loopback ports with its data
/// in a fresh temporary folder, and stopped (the server process itself) at the end.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private readonly bool _skipApiVersionCheck;
    private Process? _process;
    private string _location = "";

    /// <summary>An emulator for the Durable Task engine, whose own storage client sends a service version newer than Azurite knows.</summary>
    public static Azurite ForDurableTask() => new(skipApiVersionCheck: true);

    public Azurite() : this(skipApiVersionCheck: false)
    {
    }

    private Azurite(bool skipApiVersionCheck) => _skipApiVersionCheck = skipApiVersionCheck;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }
    public StorageConnection Connection { get; private set; } = null!;

    /// <summary>Service clients as the project builds them (pinned version, its retries, no request counter).</summary>
    public TableServiceClient Tables => new(Connection.ConnectionString);

    public BlobServiceClient Blobs => new(Connection.ConnectionString, StorageServices.BlobOptions());

    /// <summary>A blob's bytes, or null when there is none.</summary>
    public async Task<byte[]?> DownloadAsync(string container, string name)
    {
        try
        {
            return (await Blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }


    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run 'npm ci' in {root} (scripts/test.sh does).");
        }
        _location = Path.Combine(Path.GetTempPath(), "conference-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_location);
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        // No --skipApiVersionCheck unless asked: the project's clients pin service versions Azurite accepts, and this proves it.
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "--silent", "--disableTelemetry", "--location", _location,
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_skipApiVersionCheck)
        {
            start.ArgumentList.Add("--skipApiVersionCheck");
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        (BlobPort, QueuePort, TablePort) = (blob, queue, table);
        Connection = StorageConnection.Development(blob, queue, table);
        await WaitForPortAsync(table);
        await WaitForPortAsync(blob);
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp folder is cleaned by the OS.
        }
        return Task.CompletedTask;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with {_process.ExitCode}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on {port} within 30 s.");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}

public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Conference.sln not found above " + AppContext.BaseDirectory);
    }
}
