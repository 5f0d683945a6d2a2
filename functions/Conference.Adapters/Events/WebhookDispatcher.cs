using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Conference.Adapters.Accounts;
using Conference.Core.Accounts;
using Conference.Core.Json;
using Microsoft.Extensions.Logging;

namespace Conference.Adapters.Events;

public sealed record WebhookOptions
{
    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many failed attempts a delivery is parked (about 40 minutes with the defaults).</summary>
    public int MaxAttempts { get; init; } = 15;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int Concurrency { get; init; } = 32;
}

/// <summary>
/// Delivers the webhook queue: each conference's events one at a time in sequence order (a
/// failing event holds back the later ones of its conference, never another conference's),
/// signed with the customer's secret. A 2xx is delivered; a 4xx other than 408 and 429 will never
/// succeed and is parked at once; anything else (5xx, 408, 429, timeout, refused connection) is
/// retried with exponential backoff and jitter, and parked after <see cref="WebhookOptions.MaxAttempts"/>.
/// Redirects are not followed. A customer without a <c>webhook_uri</c> gets nothing. A customer whose
/// <c>webhook_format</c> is a facade's gets that facade's shape and signature. A status callback goes
/// to its own URL, in the format the facade that offers it gives, with the same retries.
/// </summary>
public sealed class WebhookDispatcher(WebhookQueue queue, CustomerStore customers, HttpClient http, WebhookOptions options, TimeProvider time, ILogger<WebhookDispatcher> logger,
    IStatusCallbackFormat? callbacks = null, IReadOnlyList<IWebhookFormat>? formats = null)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    // Each conference's round of deliveries is stamped when it ends. A scan whose read began before
    // that stamp holds a stale picture of the conference (a row delivered, retried or parked in the
    // meantime, its attempts already counted) and leaves the conference to the next scan.
    private readonly ConcurrentDictionary<Guid, long> _roundEnded = new();
    private long _stamps;
    private readonly SemaphoreSlim _slots = new(options.Concurrency);

    public static HttpClient CreateHttpClient(WebhookOptions options) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = options.Timeout,
        };

    /// <summary>Runs until stopped: a scan whenever events are queued in this process, and at least every poll interval (for retries, and for events queued elsewhere or before a restart).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        queue.Enqueued += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ScanAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Webhook scan failed; trying again at the next poll.");
                }
                try
                {
                    await _wake.WaitAsync(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            queue.Enqueued -= Wake;
            await Task.WhenAll(_inFlight.Values);
        }
    }

    /// <summary>One pass: starts delivering every conference that has a due event and is not already being delivered; returns when those deliveries end.</summary>
    public async Task DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        await ScanAsync(cancellationToken);
        await Task.WhenAll(_inFlight.Values);
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var readAt = Interlocked.Read(ref _stamps);
        var pending = await queue.ReadPendingAsync(1000, cancellationToken);
        foreach (var conference in pending.GroupBy(d => d.Event.ConferenceId))
        {
            if (_inFlight.ContainsKey(conference.Key) || _roundEnded.GetValueOrDefault(conference.Key) > readAt)
            {
                continue;
            }
            var deliveries = conference.ToList();
            var started = new TaskCompletionSource();
            if (_inFlight.TryAdd(conference.Key, started.Task))
            {
                _ = DeliverConferenceAsync(conference.Key, deliveries, started, cancellationToken);
            }
        }
        // Rounds that ended before this read are in it, and every later read too: their stamps have done their work.
        foreach (var (conference, stamp) in _roundEnded)
        {
            if (stamp <= readAt)
            {
                _roundEnded.TryRemove(KeyValuePair.Create(conference, stamp));
            }
        }
    }

    private async Task DeliverConferenceAsync(Guid conferenceId, IReadOnlyList<WebhookDelivery> deliveries, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        var progressed = false;
        var slot = false;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            slot = true;
            foreach (var delivery in deliveries)
            {
                if (delivery.NextAttempt > time.GetUtcNow().UtcDateTime || !await DeliverAsync(delivery, cancellationToken))
                {
                    break;
                }
                progressed = true;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook delivery for conference {Conference} failed in storage; it is retried at the next scan.", conferenceId);
        }
        finally
        {
            if (slot)
            {
                _slots.Release();
            }
            // Stamped before it stops being in flight: a scan that no longer sees it in flight sees the stamp.
            _roundEnded[conferenceId] = Interlocked.Increment(ref _stamps);
            _inFlight.TryRemove(conferenceId, out _);
            done.TrySetResult();
            if (progressed)
            {
                Wake(); // events may have been queued behind these meanwhile
            }
        }
    }

    /// <summary>Tries one delivery; true when it is done with (delivered, dropped or parked), false when it waits for a retry.</summary>
    private async Task<bool> DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var customer = await customers.GetCachedAsync(delivery.Event.CustomerId, cancellationToken);
        // Nowhere to deliver: a deleted customer, or an event for a customer without a webhook.
        if (customer is not { IsActive: true } || (delivery.Callback is null && customer.WebhookUri is not { Length: > 0 }))
        {
            await queue.CompleteAsync(delivery, cancellationToken);
            return true;
        }
        var attempts = delivery.Attempts + 1;
        var (outcome, error) = delivery.Callback is { } target
            ? callbacks is null ? (Outcome.Park, "no status callback format is configured") : await SendAsync(callbacks.RequestFor(delivery.Event, target), cancellationToken)
            : await SendAsync(customer, delivery, attempts, cancellationToken);
        switch (outcome)
        {
            case Outcome.Delivered:
                await queue.CompleteAsync(delivery, cancellationToken);
                return true;
            case Outcome.Retry when attempts < options.MaxAttempts:
                await queue.RetryLaterAsync(delivery, attempts, time.GetUtcNow().UtcDateTime + BackoffAfter(attempts), error, cancellationToken);
                return false;
            default:
                logger.LogWarning("Webhook delivery of event {Event} to customer {Customer} parked after {Attempts} attempts: {Error}",
                    delivery.Event.Id, delivery.Event.CustomerId, attempts, error);
                await queue.ParkAsync(delivery, attempts, error, time.GetUtcNow().UtcDateTime, cancellationToken);
                return true;
        }
    }

    private async Task<(Outcome, string)> SendAsync(CustomerView customer, WebhookDelivery delivery, int attempt, CancellationToken cancellationToken)
    {
        if (formats?.FirstOrDefault(f => f.Name == customer.WebhookFormat) is { } format)
        {
            return format.RequestFor(customer, delivery, attempt, time.GetUtcNow()) is { } shaped ? await SendAsync(shaped, cancellationToken) : (Outcome.Delivered, "");
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(delivery.Event.Envelope(), CoreJson.Options);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(new HttpMethod(customer.WebhookMethod), customer.WebhookUri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(customer.WebhookSecret ?? "", timestamp, body));
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.Event.Id.ToString());
        return await SendAsync(request, cancellationToken);
    }

    private async Task<(Outcome, string)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => (Outcome.Delivered, ""),
                408 or 429 or >= 500 => (Outcome.Retry, $"HTTP {status}"),
                _ => (Outcome.Park, $"HTTP {status}"),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (Outcome.Retry, e is TaskCanceledException ? "timed out" : e.Message);
        }
    }

    /// <summary>Base × 2^(attempts−1) with up to 20 % random jitter, capped at the longest delay, so many failing receivers do not retry in step.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var delay = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30)) * (1 + Random.Shared.NextDouble() * 0.2);
        return TimeSpan.FromMilliseconds(Math.Min(options.MaxDelay.TotalMilliseconds, delay));
    }

    private enum Outcome { Delivered, Retry, Park }
}
