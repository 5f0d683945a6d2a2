using Azure.Core;
using Azure.Core.Pipeline;

namespace Conference.Storage;

/// <summary>
/// Counts the requests a process sends to storage (each retry too: the service bills every one),
/// so tests and benchmarks can say what an API call costs without reading logs.
/// </summary>
public sealed class StorageRequests : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
