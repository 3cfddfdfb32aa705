using System.Globalization;

namespace Platform.Demo.Tests;

/// <summary>The plan the seeder follows, worked out without the platform.</summary>
public sealed class DemoPlanTests
{
    /// <summary>The programme kicked off 150 days before the seed: its name carries that year, not a fixed one.</summary>
    [Theory]
    [InlineData("2026-11-25T12:00:00Z", "De Nieuwe Samenzweerders: intrapreneurs 2026")]
    [InlineData("2027-05-30T12:00:00Z", "De Nieuwe Samenzweerders: intrapreneurs 2026")]
    [InlineData("2027-05-31T12:00:00Z", "De Nieuwe Samenzweerders: intrapreneurs 2027")]
    public void The_intrapreneur_programme_is_named_after_the_year_its_cohort_kicked_off(string now, string expected)
    {
        var plans = DemoExperiences.Create(DemoScale.Small, DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));

        var programme = plans.Single(p => p.FormatId == DemoFormats.IntrapreneurProgramme);
        Assert.Equal(expected, programme.Title);
        Assert.Equal(int.Parse(expected[^4..], CultureInfo.InvariantCulture), programme.Sessions[0].StartsAt.Year);
    }
}
