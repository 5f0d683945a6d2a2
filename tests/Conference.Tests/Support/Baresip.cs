using System.Diagnostics;
using System.Text;

namespace Conference.Tests.Support;

/// <summary>
/// A real SIP phone: baresip, headless, with a WAV as its microphone and every call's received
/// audio written to a WAV (the sndfile module's dump). It either dials a URI or, with
/// answermode=auto, waits on its own port to be called. It quits (with BYE) after its time.
/// </summary>
public sealed class Baresip : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private Baresip(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The phone's sample rate (G.711).</summary>
    public const int Rate = 8000;

    /// <summary>The SIP port of a phone that answers; 0 for one that dials (the system chose its port).</summary>
    public int Port { get; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public bool HasExited => _process.HasExited;

    /// <summary>The phone's own address, for dialing it.</summary>
    public string Address => $"sip:phone@127.0.0.1:{Port}";

    /// <summary>A phone that dials <paramref name="uri"/> at once, speaking a tone of <paramref name="hertz"/>, for <paramref name="seconds"/>.</summary>
    public static Baresip Dial(string uri, int hertz, int seconds) => Start(Tone(hertz, seconds), seconds, uri);

    /// <summary>A phone that dials <paramref name="uri"/> at once with <paramref name="microphone"/> (an 8 kHz mono WAV) as what it says.</summary>
    public static Baresip Dial(string uri, string microphone, int seconds) => Start(path => File.Copy(microphone, path), seconds, uri);

    /// <summary>A phone that dials <paramref name="uri"/> and whose keypad can be pressed (<see cref="PressAsync"/>): its digits go as RFC 4733 events.</summary>
    public static Baresip DialWithKeypad(string uri, int hertz, int seconds) => Start(Tone(hertz, seconds), seconds, uri, keypad: true);

    /// <summary>A phone that answers whoever calls it.</summary>
    public static Baresip Answering(int hertz, int seconds) => Start(Tone(hertz, seconds), seconds, null);

    private static Action<string> Tone(int hertz, int seconds) => path =>
        AudioTools.Run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", path, "synth", (seconds + 5).ToString(), "sine", hertz.ToString(), "vol", "0.4");

    private static Baresip Start(Action<string> writeMicrophone, int seconds, string? dial, bool keypad = false)
    {
        // The keypad: baresip's cons module takes key presses as UDP datagrams; a digit pressed in a call is sent as a telephone event.
        var keys = keypad ? StablePorts(1) : 0;
        var directory = Path.Combine(Path.GetTempPath(), "baresip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "heard"));
        var microphone = Path.Combine(directory, "microphone.wav");
        writeMicrophone(microphone);
        // A phone that only dials lets the system pick its SIP port; one that answers needs a port known
        // before it starts, and takes it out of the ephemeral range (see StablePorts).
        var port = dial is null ? StablePorts(2) : 0;
        File.WriteAllText(Path.Combine(directory, "config"), $"""
            poll_method epoll
            sip_listen 127.0.0.1:{port}
            audio_source aufile,{microphone}
            audio_player aufile,{Path.Combine(directory, "unused.wav")}
            audio_alert aufile,/dev/null
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            module sndfile.so
            module_app account.so
            module_app menu.so
            snd_path {Path.Combine(directory, "heard")}
            ausrc_srate 8000
            auplay_srate 8000
            ausrc_channels 1
            auplay_channels 1
            audio_buffer 20-160
            """ + (keypad ? $"\nmodule cons.so\ncons_listen 127.0.0.1:{keys}\n" : ""));
        var account = port == 0 ? "sip:phone@127.0.0.1" : $"sip:phone@127.0.0.1:{port}";
        File.WriteAllText(Path.Combine(directory, "accounts"), $"<{account}>;regint=0;answermode=auto\n");
        // stdbuf: baresip's stdout is a pipe here, and a line it prints must arrive when it is printed.
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-oL");
        start.ArgumentList.Add("baresip");
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(directory);
        if (dial is not null)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add("/dial " + dial);
        }
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add(seconds.ToString());
        var process = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start.");
        return new Baresip(directory, process, port) { _keys = keys };
    }

    private int _keys;

    /// <summary>
    /// A run of <paramref name="count"/> ports free for both UDP and TCP, below the ephemeral range: a port picked
    /// there (as the stacks pick theirs, by a listener on port 0) is free only until someone else's socket is given
    /// it, and a phone holds its ports for the whole call. An answering phone needs two: baresip listens for SIP on
    /// UDP and TCP at its port and for SIP over TLS at the next one.
    /// </summary>
    private static int StablePorts(int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000 - count);
            var probes = new List<IDisposable>();
            try
            {
                for (var next = port; next < port + count; next++)
                {
                    var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, next);
                    probes.Add(new System.Net.Sockets.UdpClient(endpoint));
                    var tcp = new System.Net.Sockets.TcpListener(endpoint);
                    probes.Add(tcp);
                    tcp.Start();
                }
                return port;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 50)
            {
            }
            finally
            {
                probes.ForEach(probe => probe.Dispose());
            }
        }
    }

    /// <summary>Presses keys on the phone's keypad, one at a time, as a person does.</summary>
    public async Task PressAsync(string keys)
    {
        using var udp = new System.Net.Sockets.UdpClient();
        var keypad = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _keys);
        foreach (var key in keys)
        {
            await udp.SendAsync(System.Text.Encoding.ASCII.GetBytes([key]), keypad);
            await Task.Delay(150);
            // The key's release (baresip's KEYCODE_REL): until it comes, the digit's event goes on and no audio is sent.
            await udp.SendAsync(new byte[] { 0x04 }, keypad);
            await Task.Delay(100);
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>SIGKILL: the phone vanishes without a BYE and its RTP stops.</summary>
    public void Kill() => _process.Kill();

    /// <summary>
    /// What the phone heard (8 kHz mono 16-bit), once its call has ended. The recording's header gets
    /// its sizes when baresip closes the file, which can come a moment after it prints that the session
    /// closed: until then the file says it holds no audio, so this waits (5 s at most) for the header
    /// to cover the whole file.
    /// </summary>
    public short[] Heard()
    {
        var file = Directory.GetFiles(Path.Combine(_directory, "heard"), "*-dec.wav").OrderBy(f => f).LastOrDefault()
            ?? throw new InvalidOperationException($"baresip wrote nothing it heard:\n{Output}");
        var bytes = File.ReadAllBytes(file);
        for (var waited = 0; waited < 50 && !Closed(bytes); waited++)
        {
            Thread.Sleep(100);
            bytes = File.ReadAllBytes(file);
        }
        return AudioTools.ReadPcm16(bytes);
    }

    /// <summary>A WAV file whose RIFF size is its length: written to the end and closed.</summary>
    private static bool Closed(byte[] wav) =>
        wav.Length >= 12 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)) == wav.Length - 8;

    /// <summary>
    /// In the last <paramref name="seconds"/> the phone heard before its call ended, each of <paramref name="others"/>'
    /// frequencies is far louder than its own: it hears the others and not itself.
    /// </summary>
    public void AssertHears(int own, int[] others, double seconds = 3)
    {
        var heard = Heard();
        var window = heard.AsSpan(Math.Max(0, heard.Length - (int)(seconds * Rate) - Rate / 2), (int)(seconds * Rate));
        var ownPower = AudioTools.Power(window, own, Rate);
        foreach (var other in others)
        {
            var otherPower = AudioTools.Power(window, other, Rate);
            Assert.True(otherPower > 30 * ownPower, $"a {own} Hz phone heard {other} Hz at {otherPower:E2} and itself at {ownPower:E2}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Environment.GetEnvironmentVariable("KEEP_BARESIP") is { Length: > 0 })
        {
            return;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
