using Conference.Adapters;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>What the handlers need, as one bundle.</summary>
public sealed record ApiServices(HttpContext Context, IEntityGateway Entities, ResourceIndex Index, TimeProvider Time)
{
    public static ApiServices From(HttpContext context) => new(context,
        context.RequestServices.GetRequiredService<IEntityGateway>(),
        context.RequestServices.GetRequiredService<ResourceIndex>(),
        context.RequestServices.GetRequiredService<TimeProvider>());

    public Guid Customer => Context.Customer();

    public DateTime Now => Time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>The state of an entity of the caller's customer; anything else (missing, another customer's) is 404.</summary>
    public async Task<TState> OwnedAsync<TState>(EntityId id, Func<TState, Guid> owner, string notFound) where TState : class
    {
        var state = await Entities.GetStateAsync<TState>(id, Context.RequestAborted);
        return state is not null && owner(state) == Customer
            ? state
            : throw DomainException.NotFound(notFound, $"No {id.Name} {id.Key}.");
    }
}

/// <summary>Path and query values, read strictly.</summary>
public static class ApiInput
{
    public static Guid Id(string? id) =>
        Guid.TryParse(id, out var value) ? value : throw ApiInputException.Invalid("INVALID_ID", $"'{id}' is not a UUID.");

    public static int PageSize(HttpRequest request)
    {
        if (!request.Query.TryGetValue("page_size", out var text) || string.IsNullOrEmpty(text))
        {
            return MaxPageSize;
        }
        if (!int.TryParse(text, out var size) || size < 0)
        {
            throw ApiInputException.Invalid("INVALID_PAGE_SIZE", "'page_size' is a whole number from 0 to 100.");
        }
        return size is 0 or > MaxPageSize ? MaxPageSize : size;
    }

    public static PageCursor? PageToken(HttpRequest request)
    {
        var token = request.Query["page_token"].ToString();
        if (token.Length == 0)
        {
            return null;
        }
        return PageCursor.TryParse(token, out var cursor)
            ? cursor
            : throw ApiInputException.Invalid("INVALID_PAGE_TOKEN", "'page_token' is a next_page_token from an earlier page.");
    }

    /// <summary>Exact-match filters from the query; a value outside <paramref name="allowed"/> (when given) is 400.</summary>
    public static Dictionary<string, string> Filters(HttpRequest request, params (string Name, string[]? Allowed)[] names)
    {
        var filters = new Dictionary<string, string>();
        foreach (var (name, allowed) in names)
        {
            var value = request.Query[name].ToString();
            if (value.Length == 0)
            {
                continue;
            }
            if (allowed is not null && !allowed.Contains(value))
            {
                throw ApiInputException.Invalid("INVALID_FILTER", $"'{name}' is one of: {string.Join(", ", allowed)}.");
            }
            filters[name] = value;
        }
        return filters;
    }

    public const int MaxPageSize = 100;
}

/// <summary>The list answer of the seeds: <c>{"result": [...], "next_page_token": "..."}</c>.</summary>
public sealed record ListResult(IReadOnlyList<System.Text.Json.JsonElement> Result, string NextPageToken);
