using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Conference.Storage;

/// <summary>
/// Counts the requests a process sends to storage (each retry too: the service bills every one),
/// and keeps the last few (method and path), so tests and benchmarks can say what an API call costs
/// and on what, without reading logs.
/// </summary>
public sealed class StorageRequests : HttpPipelineSynchronousPolicy
{
    private const int Kept = 256;
    private readonly ConcurrentQueue<string> _recent = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The last requests sent, oldest first, as <c>METHOD /account/table(...)</c>.</summary>
    public IReadOnlyList<string> Recent => [.. _recent];

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        _recent.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}");
        while (_recent.Count > Kept && _recent.TryDequeue(out _))
        {
        }
    }
}
