namespace Platform.Experience.Tests;

/// <summary>Local session times next year: always ahead of the real clock, so a session given with them has not taken place whenever the tests run.</summary>
public static class NextYear
{
    /// <summary>The local date and time <paramref name="monthDayTime"/> ("MM-ddTHH:mm") of next year, as AddSession takes it.</summary>
    public static string At(string monthDayTime) => $"{DateTime.UtcNow.Year + 1}-{monthDayTime}";
}
