namespace Platform.Partner.Organizations;

/// <summary>The pipeline's legal moves: Lead -> Contacted -> Proposal -> Partner -> Alumni, and Lost from any stage before Partner.</summary>
public static class Pipeline
{
    public static bool Allows(Stage from, Stage to) => (from, to) switch
    {
        (Stage.Lead, Stage.Contacted) => true,
        (Stage.Contacted, Stage.Proposal) => true,
        (Stage.Proposal, Stage.Partner) => true,
        (Stage.Partner, Stage.Alumni) => true,
        (Stage.Lead or Stage.Contacted or Stage.Proposal, Stage.Lost) => true,
        _ => false,
    };

    /// <summary>Where an organization at <paramref name="from"/> may go next, for the error message.</summary>
    public static IReadOnlyList<Stage> NextFrom(Stage from) => [.. Enum.GetValues<Stage>().Where(to => Allows(from, to))];
}
