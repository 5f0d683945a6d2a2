using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>The README's first command, run as a user runs it: scripts/start.sh keeps its processes up like a container restart policy.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class StartScriptTests
{
    [Fact]
    public async Task The_local_stack_starts_a_process_that_died_again_says_so_and_stops_everything_in_order_on_ctrl_c()
    {
        var data = Path.Combine(Path.GetTempPath(), "conference-start-" + Guid.NewGuid().ToString("N"));
        var (api, media, table) = ($"http://127.0.0.1:{FreePorts.Next()}", $"http://127.0.0.1:{FreePorts.Next()}", FreePorts.Next());
        // A process group of its own, as a terminal gives the command it runs: Ctrl-C signals the whole group.
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "scripts", "start.sh"));
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["CONFERENCE_DATA_DIR"] = data, ["CONFERENCE_API_URL"] = api, ["CONFERENCE_MEDIA_HOST_URL"] = media, ["CONFERENCE_ENGINE"] = "durable",
                     ["CONFERENCE_AZURITE_BLOB_PORT"] = FreePorts.Next().ToString(), ["CONFERENCE_AZURITE_QUEUE_PORT"] = FreePorts.Next().ToString(),
                     ["CONFERENCE_AZURITE_TABLE_PORT"] = table.ToString(), ["CONFERENCE_SIP_LISTEN"] = $"127.0.0.1:{FreePorts.Next()}",
                     ["CONFERENCE_RTP_PORTS"] = "0", ["Logging__LogLevel__Default"] = "Warning",
                 })
        {
            start.Environment[name] = value;
        }
        using var script = Process.Start(start)!;
        var output = new StringBuilder();
        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        string Said() { lock (output) { return output.ToString(); } }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        async Task<string?> BootAsync()
        {
            try
            {
                return JsonDocument.Parse(await http.GetStringAsync($"{media}/health")).RootElement.GetProperty("boot_id").GetString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Said().Contains("stop with Ctrl-C")), TimeSpan.FromSeconds(180), () => Task.FromResult($"the stack never came up:\n{Said()}"));
            var first = await BootAsync();
            Assert.NotNull(first);

            Process.GetProcessById(ChildRunning(script.Id, "Conference.MediaHost.dll")).Kill();
            await Eventually.TrueAsync(async () => await BootAsync() is { } boot && boot != first, TimeSpan.FromSeconds(60),
                () => Task.FromResult($"the media host was not started again:\n{Said()}"));

            Assert.Contains("the media host exited", Said());
            Assert.True((await http.GetAsync($"{api}/health")).IsSuccessStatusCode);

            var group = ProcessGroupOf(script.Id);
            Assert.NotEqual(ProcessGroupOf(Environment.ProcessId), group);
            Assert.Equal(0, Kill(-group, "INT"));
            Assert.True(script.WaitForExit(60_000), $"start.sh did not stop on Ctrl-C:\n{Said()}");
            await Task.Delay(500);
            Assert.Null(await BootAsync());
            await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync($"{api}/health"));
            await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync($"http://127.0.0.1:{table}/"));
            // Azurite stopped last: the durable engine handed back what it held while storage was still there.
            Assert.DoesNotContain("did not stop within the shutdown timeout", Said());
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The pid of a process below <paramref name="root"/> whose command line mentions <paramref name="name"/>.</summary>
    private static int ChildRunning(int root, string name)
    {
        var below = new HashSet<int> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var dir in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => int.TryParse(d, out _)))
            {
                var pid = int.Parse(dir!);
                if (!below.Contains(pid) && File.Exists($"/proc/{pid}/stat") && below.Contains(ParentOf(pid)))
                {
                    below.Add(pid);
                    grew = true;
                }
            }
        }
        return below.First(pid => pid != root && File.ReadAllText($"/proc/{pid}/cmdline").Contains(name));
    }

    private static int ParentOf(int pid)
    {
        try
        {
            return int.Parse(StatOf(pid)[1]);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static int ProcessGroupOf(int pid) => int.Parse(StatOf(pid)[2]);

    /// <summary>A process's /proc stat fields after its command name: state, parent, process group, and on.</summary>
    private static string[] StatOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>Sends a signal to a process, or to a whole process group when <paramref name="pid"/> is minus its id.</summary>
    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} -- {pid}");
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
