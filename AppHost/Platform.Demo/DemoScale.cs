namespace Platform.Demo;

/// <summary>
/// How big the demo's large events are, and how long professionals may register for them: a
/// screening or webinar is seeded as "tonight's", ending once registration and check-in are done,
/// because the Experience service registers only for sessions that have not ended and marks
/// no-shows only after the end.
/// </summary>
public sealed record DemoScale(int ScreeningRegistrations, int WebinarRegistrations, TimeSpan RegistrationWindow)
{
    /// <summary>The sizes the issue names: 300 at the Movietime screening, about 200 at the LEF-talk.</summary>
    public static DemoScale Issue { get; } = new(300, 200, TimeSpan.FromMinutes(2));

    /// <summary>The same journey and rules, smaller and quicker (the evening sessions end 40-100 s after the start): <c>--demo-scale small</c>, and the tests.</summary>
    public static DemoScale Small { get; } = new(48, 24, TimeSpan.FromSeconds(40));
}
