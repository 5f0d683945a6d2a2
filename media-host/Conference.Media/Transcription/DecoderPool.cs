using System.Collections.Concurrent;

namespace Conference.Media.Transcription;

/// <summary>
/// Decoders that are not thread-safe and slow to make (a PocketSphinx decoder, a Whisper processor):
/// each call borrows one, made when none is idle, and gives it back; the idle ones are freed with the pool.
/// </summary>
internal sealed class DecoderPool<T>(Func<T> create, Action<T> free) : IDisposable
{
    private readonly ConcurrentBag<T> _idle = [];
    private int _disposed;

    public T Borrow()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _idle.TryTake(out var decoder) ? decoder : create();
    }

    public void Return(T decoder) => _idle.Add(decoder);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            while (_idle.TryTake(out var decoder))
            {
                free(decoder);
            }
        }
    }
}
