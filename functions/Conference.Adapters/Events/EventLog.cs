using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Conference.Core.Events;
using Conference.Storage;

namespace Conference.Adapters.Events;

/// <summary>
/// Every event of every conference, stored by conference and sequence number (a repeat
/// overwrites itself), for delivery to webhooks and WebSocket subscribers.
/// </summary>
public sealed class EventLog(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Events);

    /// <summary>Events of one conference, stored a transaction per hundred.</summary>
    public async Task AppendAllAsync(IReadOnlyList<ConferenceEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Select(e => e.ConferenceId).Distinct().Count() > 1)
        {
            throw new ArgumentException("One conference's events at a time.", nameof(events));
        }
        foreach (var chunk in events.Chunk(EntityGroupTransaction.MaxActions))
        {
            await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(e))).ToList(), cancellationToken);
        }
    }

    private static TableEntity ToRow(ConferenceEvent e)
    {
        var row = new TableEntity(e.ConferenceId.ToString(), e.Sequence.ToString("D19", CultureInfo.InvariantCulture))
        {
            ["Type"] = e.Type,
            ["CustomerId"] = e.CustomerId.ToString(),
            ["Sequence"] = e.Sequence,
            ["ClientState"] = e.ClientState,
        };
        LongText.Write(row, "Data", e.Data.GetRawText());
        return row;
    }

    /// <summary>The events of a conference in sequence order, from <paramref name="afterSequence"/> on.</summary>
    public async Task<IReadOnlyList<ConferenceEvent>> ReadAsync(Guid conferenceId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {Tables.Quote(conferenceId.ToString())} and RowKey gt {Tables.Quote(afterSequence.ToString("D19", CultureInfo.InvariantCulture))}";
        var events = new List<ConferenceEvent>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(new ConferenceEvent(conferenceId, Guid.Parse(row.GetString("CustomerId")!), row.GetString("Type")!,
                JsonDocument.Parse(LongText.Read(row, "Data")!).RootElement.Clone(), row.GetInt64("Sequence")!.Value, row.GetString("ClientState") ?? ""));
        }
        return events;
    }
}
