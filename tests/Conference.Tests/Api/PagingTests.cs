using System.Net;
using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Entities;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class PagingTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<List<string>> CreateManyAsync(int count, string name = "paged")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var response = await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference", name });
            ids.Add((await response.JsonAsync()).GetProperty("id").GetString()!);
        }
        return ids;
    }

    private async Task<(List<JsonElement> Items, string Next)> PageAsync(string query)
    {
        var page = await (await Api.Client().GetAsync("/v1.0/conferences?" + query)).JsonAsync();
        return (page.GetProperty("result").EnumerateArray().ToList(), page.GetProperty("next_page_token").GetString()!);
    }

    [Fact]
    public async Task Paging_returns_every_conference_exactly_once_newest_first()
    {
        var created = await CreateManyAsync(23);
        var seen = new List<JsonElement>();
        var token = "";
        var pages = 0;
        do
        {
            var (items, next) = await PageAsync($"page_size=10&page_token={Uri.EscapeDataString(token)}");
            seen.AddRange(items);
            token = next;
            pages++;
        }
        while (token != "");

        Assert.Equal(3, pages);
        Assert.Equal(created.AsEnumerable().Reverse(), seen.Select(c => c.GetProperty("id").GetString()));
        var stamps = seen.Select(c => c.GetProperty("tm_create").GetString()).ToList();
        Assert.Equal(stamps.OrderDescending(StringComparer.Ordinal), stamps);
    }

    [Fact]
    public async Task Conferences_created_while_paging_neither_repeat_nor_hide_the_rest()
    {
        var before = await CreateManyAsync(12);
        var (first, token) = await PageAsync("page_size=5");
        await CreateManyAsync(6, "newer");
        var rest = new List<JsonElement>();
        while (token != "")
        {
            var (items, next) = await PageAsync($"page_size=5&page_token={Uri.EscapeDataString(token)}");
            rest.AddRange(items);
            token = next;
        }
        Assert.Equal(before.AsEnumerable().Reverse(), first.Concat(rest).Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Items_that_share_a_timestamp_are_each_returned_once()
    {
        var index = new ResourceIndex(Azurite.Tables);
        var customer = Guid.NewGuid();
        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            var view = JsonDocument.Parse($"{{\"id\":\"{id}\",\"status\":\"progressing\",\"tm_create\":\"2026-11-21 10:00:00.000000\",\"tm_delete\":\"{Timestamps.Never}\"}}").RootElement;
            await index.UpsertAsync("conference", customer, id, view);
        }
        var seen = new List<string>();
        PageCursor? cursor = null;
        while (true)
        {
            var page = await index.ListAsync("conference", customer, new Dictionary<string, string>(), cursor, 7, excludeDeleted: true);
            seen.AddRange(page.Items.Select(i => i.GetProperty("id").GetString()!));
            if (page.NextPageToken == "")
            {
                break;
            }
            Assert.StartsWith("2026-11-21 10:00:00.000000", page.NextPageToken);
            Assert.True(PageCursor.TryParse(page.NextPageToken, out cursor));
        }
        Assert.Equal(ids.Select(i => i.ToString()).Order(), seen.Order());
    }

    [Fact]
    public async Task A_bare_tm_create_token_as_VoIPBIN_gives_returns_the_older_items()
    {
        await CreateManyAsync(3);
        var all = (await PageAsync("")).Items;
        var (older, _) = await PageAsync("page_token=" + Uri.EscapeDataString(all[0].GetProperty("tm_create").GetString()!));
        Assert.Equal(all.Skip(1).Select(c => c.GetProperty("id").GetString()), older.Select(c => c.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("page_size=-1", "INVALID_PAGE_SIZE")]
    [InlineData("page_size=ten", "INVALID_PAGE_SIZE")]
    [InlineData("page_token=yesterday", "INVALID_PAGE_TOKEN")]
    [InlineData("status=sleeping", "INVALID_FILTER")]
    [InlineData("type=webinar", "INVALID_FILTER")]
    public async Task Bad_list_parameters_are_400(string query, string reason)
    {
        var response = await Api.Client().GetAsync("/v1.0/conferences?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (await response.JsonAsync()).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("page_size=0")]
    [InlineData("page_size=500")]
    public async Task A_page_size_of_zero_or_above_100_means_100(string query)
    {
        await CreateManyAsync(101);
        var (items, next) = await PageAsync(query);
        Assert.Equal(100, items.Count);
        Assert.NotEqual("", next);
    }

    [Fact]
    public async Task Lists_filter_by_status_type_and_name()
    {
        await CreateManyAsync(2, "alpha");
        await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "connect", name = "beta" });
        Assert.Equal(2, (await PageAsync("name=alpha")).Items.Count);
        Assert.Equal("beta", (await PageAsync("type=connect")).Items.Single().GetProperty("name").GetString());
        await Eventually.TrueAsync(async () => (await PageAsync("status=progressing")).Items.Count == 3, TimeSpan.FromSeconds(10),
            "The list index never showed the conferences as progressing.");
    }
}
