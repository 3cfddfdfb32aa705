using Platform.Reporting.Summary;

namespace Platform.Reporting.Tests;

/// <summary>Scores and percentages to two decimals, a half rounded away from zero, as people and spreadsheets round.</summary>
public sealed class RoundingTests
{
    [Fact]
    public void One_promoter_among_32_responses_is_an_NPS_of_3_13()
    {
        Assert.Equal(3.13, Figures.Nps(promoters: 1, passives: 31, detractors: 0).Score);
        Assert.Equal(-3.13, Figures.Nps(promoters: 0, passives: 31, detractors: 1).Score);
    }

    [Fact]
    public void One_no_show_among_32_is_3_13_percent()
    {
        Assert.Equal(3.13, Figures.Percentage(1, 32));
        Assert.Equal(33.33, Figures.Percentage(1, 3));
    }
}
