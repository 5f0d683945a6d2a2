using System.Globalization;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Json;
using Azure;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters.Events;

/// <summary>
/// The durable queue of webhook deliveries, a table: every event is a row in the <c>pending</c>
/// partition keyed <c>{conference}|{sequence}</c>, so a scan returns each conference's events in
/// sequence order. A delivered row is deleted; a failed one carries its attempts and when to try
/// again; one that will not be delivered moves to its customer's <c>parked</c> partition, where
/// the customer can see it. A row is written in the same effect delivery as the event log, which
/// the entity runtime repeats until it succeeds, so no acknowledged event is missed.
/// </summary>
public sealed class WebhookQueue(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Webhooks);
    private const string Pending = "pending";

    /// <summary>Raised after rows were added, so a dispatcher in this process starts at once instead of at its next poll.</summary>
    public event Action? Enqueued;

    public async Task EnqueueAllAsync(IReadOnlyList<ConferenceEvent> events, DateTime now, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in events.Chunk(EntityGroupTransaction.MaxActions))
        {
            // Upsert of only the event's own fields: a repeat of the effect leaves a row's attempts as they are.
            await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, RowOf(e, now))).ToList(), cancellationToken);
        }
        Enqueued?.Invoke();
    }

    /// <summary>
    /// Queues a status callback: its row follows the conference's rows of the same number, so a
    /// conference's callbacks and events are delivered one at a time, each kind in its own order.
    /// </summary>
    public async Task EnqueueCallbacksAsync(IReadOnlyList<(ConferenceEvent Event, StatusCallback Target)> callbacks, DateTime now, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in callbacks.Chunk(EntityGroupTransaction.MaxActions))
        {
            await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(c =>
            {
                var row = RowOf(c.Event, now, CallbackSuffix);
                row["CallbackUrl"] = c.Target.Url;
                row["CallbackMethod"] = c.Target.Method;
                return new TableTransactionAction(TableTransactionActionType.UpsertMerge, row);
            }).ToList(), cancellationToken);
        }
        Enqueued?.Invoke();
    }

    private const string CallbackSuffix = "|callback";

    /// <summary>Up to <paramref name="limit"/> pending deliveries, each conference's in sequence order.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        var page = await _table.QueryPageAsync($"PartitionKey eq {Tables.Quote(Pending)}", limit, cancellationToken: cancellationToken);
        return page.Rows.Select(DeliveryOf).ToList();
    }

    public Task CompleteAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default) =>
        _table.DeleteEntityAsync(Pending, delivery.RowKey, ETag.All, cancellationToken);

    public Task RetryLaterAsync(WebhookDelivery delivery, int attempts, DateTime next, string lastError, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(new TableEntity(Pending, delivery.RowKey)
        {
            ["Attempts"] = attempts,
            ["NextAttempt"] = next,
            ["LastError"] = lastError,
        }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Moves a delivery to its customer's parked list (written there first, so a failure between the two leaves a repeat, not a loss).</summary>
    public async Task ParkAsync(WebhookDelivery delivery, int attempts, string lastError, DateTime now, CancellationToken cancellationToken = default)
    {
        var row = RowOf(delivery.Event, delivery.Created);
        var parked = new TableEntity(ParkedPartition(delivery.Event.CustomerId), delivery.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp"))
            {
                parked[name] = value;
            }
        }
        parked["Attempts"] = attempts;
        parked["LastError"] = lastError;
        parked["TmParked"] = now;
        await _table.UpsertEntityAsync(parked, TableUpdateMode.Replace, cancellationToken);
        await _table.DeleteEntityAsync(Pending, delivery.RowKey, ETag.All, cancellationToken);
    }

    /// <summary>A customer's parked deliveries, oldest event first.</summary>
    public async Task<IReadOnlyList<ParkedDelivery>> ReadParkedAsync(Guid customerId, int limit, CancellationToken cancellationToken = default)
    {
        var page = await _table.QueryPageAsync($"PartitionKey eq {Tables.Quote(ParkedPartition(customerId))}", limit, cancellationToken: cancellationToken);
        return page.Rows.Select(row =>
        {
            var delivery = DeliveryOf(row);
            return new ParkedDelivery(delivery.Event.Id, delivery.Event.ConferenceId, delivery.Event.Type, delivery.Event.Sequence,
                delivery.Attempts, delivery.LastError, row.GetDateTime("TmParked")?.ToSeedFormat() ?? Timestamps.Never, delivery.Created.ToSeedFormat());
        }).ToList();
    }

    private static string ParkedPartition(Guid customerId) => "parked|" + customerId;

    private static string RowKeyOf(ConferenceEvent e) => e.ConferenceId + "|" + e.Sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity RowOf(ConferenceEvent e, DateTime created, string suffix = "")
    {
        var row = new TableEntity(Pending, RowKeyOf(e) + suffix)
        {
            ["CustomerId"] = e.CustomerId.ToString(),
            ["Type"] = e.Type,
            ["ClientState"] = e.ClientState,
            ["TmCreate"] = created,
        };
        LongText.Write(row, "Data", e.Data.GetRawText());
        return row;
    }

    private static WebhookDelivery DeliveryOf(TableEntity row)
    {
        var key = row.RowKey.Split('|');
        var e = new ConferenceEvent(Guid.Parse(key[0]), Guid.Parse(row.GetString("CustomerId")!), row.GetString("Type")!,
            JsonDocument.Parse(LongText.Read(row, "Data")!).RootElement.Clone(), long.Parse(key[1], CultureInfo.InvariantCulture), row.GetString("ClientState") ?? "");
        var target = row.GetString("CallbackUrl") is { } url ? new StatusCallback(url, row.GetString("CallbackMethod") ?? "POST") : null;
        return new WebhookDelivery(row.RowKey, e, row.GetInt32("Attempts") ?? 0, row.GetDateTime("NextAttempt") ?? DateTime.MinValue,
            row.GetString("LastError") ?? "", row.GetDateTime("TmCreate") ?? DateTime.MinValue, target);
    }
}

/// <summary>One event waiting to be delivered to its customer's webhook, or, a status callback, to its <see cref="Callback"/>.</summary>
public sealed record WebhookDelivery(string RowKey, ConferenceEvent Event, int Attempts, DateTime NextAttempt, string LastError, DateTime Created, StatusCallback? Callback = null);

/// <summary>A delivery given up on, as <c>GET /v1.0/webhook_deliveries</c> shows it.</summary>
public sealed record ParkedDelivery(Guid EventId, Guid ConferenceId, string EventType, long Sequence, int Attempts, string LastError, string TmParked, string TmCreate);
