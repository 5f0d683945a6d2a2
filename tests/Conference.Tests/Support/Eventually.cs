namespace Conference.Tests.Support;

public static class Eventually
{
    /// <summary>Waits for a condition that a background process makes true; fails with the message when it never does.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string message) => TrueAsync(condition, within, () => Task.FromResult(message));

    /// <summary>As above, with a message made when the wait fails, so it can tell what the processes did meanwhile.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, Func<Task<string>> message)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail(await message());
    }
}
