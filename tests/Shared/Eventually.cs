namespace Platform.Tests.Shared;

/// <summary>
/// Polls until what is observed meets a condition (a consumer takes an event in, a read model
/// follows, within about a second), failing with the last observed value after the timeout
/// (20 s unless given).
/// </summary>
internal static class Eventually
{
    public static async Task<T> ReachesAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await observe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {limit.TotalSeconds} s; last observed: {Describe(value)}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.ICollection collection ? $"{collection.Count} item(s)" : value?.ToString() ?? "null";
}
