using Azure;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>
/// A dial-in number: bound to a voice application (a call to it fetches its instructions from
/// <see cref="VoiceUrl"/>), or to a conference (Kazoo's conference, member and moderator numbers: a
/// call to it joins <see cref="ConferenceId"/> as <see cref="Role"/>, <c>by_pin</c> for a conference number).
/// </summary>
public sealed record DialInNumber(Guid Id, Guid CustomerId, string PhoneNumber, string FriendlyName, string VoiceUrl, string VoiceMethod, DateTime TmCreate, DateTime TmUpdate,
    Guid ConferenceId = default, string Role = "");

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

    /// <summary>Binds a conference's numbers to it (a repeat rewrites the same rows) and releases the ones it no longer has.</summary>
    public async Task BindConferenceAsync(Guid customerId, Guid conferenceId, IReadOnlyDictionary<string, string> roleByNumber, DateTime now, CancellationToken cancellationToken = default)
    {
        foreach (var (number, role) in roleByNumber)
        {
            await _table.UpsertEntityAsync(RowOf(new DialInNumber(Core.Entities.NameBasedId.Of("number", KeyOf(number)), customerId, number, "", "", "POST", now, now, conferenceId, role)),
                TableUpdateMode.Replace, cancellationToken);
        }
        foreach (var old in (await ListAsync(customerId, cancellationToken)).Where(n => n.ConferenceId == conferenceId && !roleByNumber.ContainsKey(n.PhoneNumber)))
        {
            await DeleteAsync(old, cancellationToken);
        }
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
        ["ConferenceId"] = n.ConferenceId.ToString(),
        ["Role"] = n.Role,
    };

    private static DialInNumber NumberOf(TableEntity row) => new(
        Guid.Parse(row.GetString("Id")!), Guid.Parse(row.GetString("CustomerId")!), row.GetString("PhoneNumber")!, row.GetString("FriendlyName") ?? "",
        row.GetString("VoiceUrl") ?? "", row.GetString("VoiceMethod") ?? "POST", row.GetDateTime("TmCreate") ?? DateTime.MinValue, row.GetDateTime("TmUpdate") ?? DateTime.MinValue,
        Guid.TryParse(row.GetString("ConferenceId"), out var conference) ? conference : Guid.Empty, row.GetString("Role") ?? "");
}
