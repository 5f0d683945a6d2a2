using Conference.Benchmarks;

return args switch
{
    ["storage", var connection] => await StorageLoad.RunAsync(connection),
    ["entities", var connection] => await EntityLoad.RunAsync(connection),
    ["creates", var url, var token, var count] => await CreateLoad.RunAsync(new Uri(url), token, int.Parse(count)),
    ["api", var url, var token] => await ApiLoad.RunAsync(new Uri(url), token, rate: 200, seconds: 20),
    ["api", var url, var token, var rate, var seconds] => await ApiLoad.RunAsync(new Uri(url), token, int.Parse(rate), int.Parse(seconds)),
    ["webhooks", var url, var token, var rate, var seconds, var conferences] => await WebhookLoad.RunAsync(new Uri(url), token, int.Parse(rate), int.Parse(seconds), int.Parse(conferences)),
    ["media"] => MediaBenchmarks.Run(),
    ["transcription", var seconds, var legs] => await TranscriptionLoad.RunAsync(int.Parse(seconds), int.Parse(legs)),
    ["rtp", var legs, var seconds] => await RtpLoad.RunAsync(int.Parse(legs), int.Parse(seconds)),
    ["sip", var url, var token, var media, var key, var sip, var callers, var conferences, var seconds] =>
        await SipLoad.RunAsync(new Uri(url), token, media, key, System.Net.IPEndPoint.Parse(sip), int.Parse(callers), int.Parse(conferences), int.Parse(seconds)),
    ["writes", var url, var token, var sip, var rate, var seconds, .. var settle] =>
        await WriteLoad.RunAsync(new Uri(url), token, System.Net.IPEndPoint.Parse(sip), int.Parse(rate), int.Parse(seconds), settle is [var s] ? int.Parse(s) : 0),
    ["cost", var url, var token, var sip, var azuriteDebugLog] => await StorageCost.RunAsync(new Uri(url), token, System.Net.IPEndPoint.Parse(sip), azuriteDebugLog),
    ["stub-media-host", var listen, var controlPlane, var key] => await StubMediaHost.RunAsync(listen, new Uri(controlPlane), key),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: entities <storage-connection-string> | creates <base-url> <token> <count> | api <base-url> <token> [rate seconds] | webhooks <base-url> <token> <rate> <seconds> <conferences> | media | transcription <seconds> <max-legs> | rtp <legs> <seconds> | sip <api-url> <token> <media-url> <media-key> <sip host:port> <callers> <conferences> <seconds> | writes <api-url> <token> <sip host:port> <rate> <seconds> [settle-seconds] | cost <api-url> <token> <sip host:port> <azurite-debug-log>");
    return 2;
}
