using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Conference.Core.Events;
using Conference.Storage;

namespace Conference.Adapters.Events;

/// <summary>
/// Every event of every conference, stored by conference and sequence number (a repeat
/// overwrites itself): rows <c>e:&lt;sequence&gt;</c> in the conference's own partition of the
/// entities table, where the local runtime writes them in the same transaction as the conference's
/// state (<see cref="RowOf"/>) and the Durable engine's delivery appends them.
/// </summary>
public sealed class EventLog(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(EntityPartitions.Table);

    /// <summary>Events of one conference, stored a transaction per hundred.</summary>
    public async Task AppendAllAsync(IReadOnlyList<ConferenceEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Select(e => e.ConferenceId).Distinct().Count() > 1)
        {
            throw new ArgumentException("One conference's events at a time.", nameof(events));
        }
        foreach (var chunk in events.Chunk(EntityGroupTransaction.MaxActions))
        {
            await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(e))).ToList(), cancellationToken);
        }
    }

    /// <summary>The event's row: in its conference's partition, keyed by its sequence.</summary>
    public static TableEntity RowOf(ConferenceEvent e)
    {
        var row = new TableEntity(PartitionOf(e.ConferenceId), RowKeyOf(e.Sequence))
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
        var filter = $"PartitionKey eq {Tables.Quote(PartitionOf(conferenceId))} and RowKey gt {Tables.Quote(RowKeyOf(afterSequence))} and RowKey lt {Tables.Quote(RowsEnd)}";
        var events = new List<ConferenceEvent>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(new ConferenceEvent(conferenceId, Guid.Parse(row.GetString("CustomerId")!), row.GetString("Type")!,
                JsonDocument.Parse(LongText.Read(row, "Data")!).RootElement.Clone(), row.GetInt64("Sequence")!.Value, row.GetString("ClientState") ?? ""));
        }
        return events;
    }

    private const string RowPrefix = "e:";

    /// <summary>Just after every event row (';' follows ':').</summary>
    private const string RowsEnd = "e;";

    private static string PartitionOf(Guid conferenceId) => EntityPartitions.Of(Core.Entities.EntityNames.Conference, conferenceId.ToString());

    private static string RowKeyOf(long sequence) => RowPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture);
}
