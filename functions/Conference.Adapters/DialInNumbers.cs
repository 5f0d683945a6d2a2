using Azure;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>A dial-in number bound to a voice application: a call to it fetches its instructions from <see cref="VoiceUrl"/>.</summary>
public sealed record DialInNumber(Guid Id, Guid CustomerId, string PhoneNumber, string FriendlyName, string VoiceUrl, string VoiceMethod, DateTime TmCreate, DateTime TmUpdate);

/// <summary>
/// The dial-in numbers, one row per number (a number leads to one customer's application, so it is
/// the key, and a second claim on it fails). A customer's list is a scan of the table filtered by
/// customer: numbers are few beside conferences and calls.
/// </summary>
public sealed class DialInNumbers(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Numbers);

    /// <summary>The number as a key: its digits, with or without the leading plus sign of E.164.</summary>
    public static string KeyOf(string phoneNumber) => phoneNumber.TrimStart('+');

    public static bool IsWellFormed(string? phoneNumber) =>
        phoneNumber is { Length: >= 3 and <= 16 } && KeyOf(phoneNumber) is { Length: >= 3 } digits && digits.All(char.IsAsciiDigit) && phoneNumber.LastIndexOf('+') <= 0;

    /// <summary>Adds the number; false when it is taken already.</summary>
    public async Task<bool> AddAsync(DialInNumber number, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(RowOf(number), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public Task UpdateAsync(DialInNumber number, CancellationToken cancellationToken = default) =>
        _table.UpdateEntityAsync(RowOf(number), ETag.All, TableUpdateMode.Replace, cancellationToken);

    public async Task<DialInNumber?> FindAsync(string phoneNumber, CancellationToken cancellationToken = default) =>
        IsWellFormed(phoneNumber) && await _table.FindAsync(KeyOf(phoneNumber), "", cancellationToken) is { } row ? NumberOf(row) : null;

    public async Task<DialInNumber?> FindAsync(Guid customerId, Guid id, CancellationToken cancellationToken = default) =>
        (await ListAsync(customerId, cancellationToken)).FirstOrDefault(n => n.Id == id);

    public async Task<IReadOnlyList<DialInNumber>> ListAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        var numbers = new List<DialInNumber>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"CustomerId eq {Tables.Quote(customerId.ToString())}", cancellationToken: cancellationToken))
        {
            numbers.Add(NumberOf(row));
        }
        return [.. numbers.OrderBy(n => n.TmCreate)];
    }

    public async Task DeleteAsync(DialInNumber number, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.DeleteEntityAsync(KeyOf(number.PhoneNumber), "", ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static TableEntity RowOf(DialInNumber n) => new(KeyOf(n.PhoneNumber), "")
    {
        ["Id"] = n.Id.ToString(),
        ["CustomerId"] = n.CustomerId.ToString(),
        ["PhoneNumber"] = n.PhoneNumber,
        ["FriendlyName"] = n.FriendlyName,
        ["VoiceUrl"] = n.VoiceUrl,
        ["VoiceMethod"] = n.VoiceMethod,
        ["TmCreate"] = n.TmCreate,
        ["TmUpdate"] = n.TmUpdate,
    };

    private static DialInNumber NumberOf(TableEntity row) => new(
        Guid.Parse(row.GetString("Id")!), Guid.Parse(row.GetString("CustomerId")!), row.GetString("PhoneNumber")!, row.GetString("FriendlyName") ?? "",
        row.GetString("VoiceUrl") ?? "", row.GetString("VoiceMethod") ?? "POST", row.GetDateTime("TmCreate") ?? DateTime.MinValue, row.GetDateTime("TmUpdate") ?? DateTime.MinValue);
}
