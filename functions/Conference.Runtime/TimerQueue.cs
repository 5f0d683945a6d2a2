namespace Conference.Runtime;

/// <summary>Runs actions at their due time, on one background loop; an early insert wakes it.</summary>
internal sealed class TimerQueue : IAsyncDisposable
{
    private readonly PriorityQueue<Action, DateTimeOffset> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TimerQueue(TimeProvider time)
    {
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    public int Count
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(DateTimeOffset due, Action action)
    {
        lock (_queue)
        {
            _queue.Enqueue(action, due);
        }
        _wake.Release();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(1);
            List<Action> due = [];
            lock (_queue)
            {
                var now = _time.GetUtcNow();
                while (_queue.TryPeek(out var action, out var at))
                {
                    if (at > now)
                    {
                        wait = at - now < wait ? at - now : wait;
                        break;
                    }
                    due.Add(_queue.Dequeue());
                }
            }
            foreach (var action in due)
            {
                action();
            }
            try
            {
                await _wake.WaitAsync(wait, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _wake.Dispose();
    }
}
