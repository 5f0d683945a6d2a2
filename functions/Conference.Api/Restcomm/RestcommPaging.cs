using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Restcomm;

/// <summary>
/// Restcomm's paging (query names are case-sensitive, as the seed warns): <c>Page</c> (zero-based),
/// <c>PageSize</c> (default 50, at most 1000) and <c>Limit</c> (how many items the list holds at
/// most, default 10000). The envelope repeats them with the seed's quirks: <c>num_pages</c> is the
/// last page's number, <c>start</c> and <c>end</c> are strings, and a missing neighbour page is the
/// string <c>"null"</c>.
/// </summary>
public sealed record RestcommPaging(int Page, int PageSize, int Limit)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public const int DefaultLimit = 10000;

    public static RestcommPaging From(HttpRequest request) => new(
        Number(request, "Page", 0, 0, int.MaxValue),
        Number(request, "PageSize", DefaultPageSize, 1, MaxPageSize),
        Number(request, "Limit", DefaultLimit, 1, DefaultLimit));

    /// <summary>The envelope for <paramref name="all"/> (the whole list up to <see cref="Limit"/>) with this page's items under <paramref name="listName"/>.</summary>
    public JsonObject Envelope<T>(IReadOnlyList<T> all, string uri, string listName, Func<T, JsonNode?> item)
    {
        var lastPage = Math.Max(0, (all.Count + PageSize - 1) / PageSize - 1);
        var start = (long)Page * PageSize;
        var items = all.Skip((int)Math.Min(start, all.Count)).Take(PageSize).ToList();
        string PageUri(int page) => $"{uri}?Page={page}&PageSize={PageSize}&Limit={Limit}";
        return new JsonObject
        {
            ["page"] = Page,
            ["num_pages"] = lastPage,
            ["page_size"] = PageSize,
            ["total"] = all.Count,
            ["limit"] = Limit,
            ["start"] = start.ToString(CultureInfo.InvariantCulture),
            ["end"] = (start + items.Count).ToString(CultureInfo.InvariantCulture),
            ["uri"] = uri,
            ["first_page_uri"] = PageUri(0),
            ["previous_page_uri"] = Page > 0 ? PageUri(Math.Min(Page - 1, lastPage)) : "null",
            ["next_page_uri"] = Page < lastPage ? PageUri(Page + 1) : "null",
            ["last_page_uri"] = PageUri(lastPage),
            [listName] = new JsonArray([.. items.Select(item)]),
        };
    }

    private static int Number(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = RestcommQuery.Value(request, name);
        if (text.Length == 0)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiInputException.Invalid("INVALID_PAGING", $"{name} is a whole number from {min} to {max}.");
    }
}

/// <summary>Restcomm's query parameters are case-sensitive (the seed says so); ASP.NET Core's query lookup is not.</summary>
public static class RestcommQuery
{
    public static string Value(HttpRequest request, string name) =>
        request.Query.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value.ToString();
}
