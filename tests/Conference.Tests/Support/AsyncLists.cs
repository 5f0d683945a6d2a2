namespace Conference.Tests.Support;

public static class AsyncLists
{
    /// <summary>
    /// Every item of an async sequence. (Not ToListAsync: the Durable Task packages bring System.Linq.Async,
    /// whose extension collides with .NET's own.)
    /// </summary>
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
        }
        return items;
    }
}
