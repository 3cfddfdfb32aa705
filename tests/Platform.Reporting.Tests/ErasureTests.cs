using System.Text.Json;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// Erasure against events still queued when it is taken in: they count under the pseudonym (q once in
/// reach, their attendance, feedback and action counted) and bring no personal data back, also after a
/// rebuild; a professional never erased is unaffected.
/// </summary>
[Collection(ErasureServers.Name)]
public sealed class ErasureTests(ErasureFixture fixture)
{
    private static readonly (string Table, string Column)[] ProfessionalColumns =
        [("reach_ledger", "ProfessionalId"), ("attendances", "ProfessionalId"), ("registrations", "ProfessionalId"), ("feedback", "ProfessionalId"), ("actions", "OwnerProfessionalId"), ("members", "ProfessionalId"), ("journal", "ProfessionalId")];

    private static readonly JsonSerializerOptions ContractJson = new(JsonSerializerDefaults.Web);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_queued_at_an_erasure_count_under_the_pseudonym_and_bring_no_personal_data_back()
    {
        await AssertFiguresAsync();
        await AssertNothingOfQAsync();
    }

    [Fact]
    public async Task A_rebuild_after_an_erasure_gives_the_same_figures_and_no_personal_data()
    {
        var rebuilt = await fixture.Analyst.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        Assert.Equal(await fixture.ScalarAsync("SELECT count(*) FROM journal"), rebuilt.EventsReplayed);
        await AssertFiguresAsync();
        await AssertNothingOfQAsync();
    }

    [Fact]
    public async Task A_rebuild_scrubs_a_journal_entry_that_still_names_an_erased_professional()
    {
        // An entry that escaped the scrub, as a journal restored from an older backup could hold.
        var escaped = new ParticipantRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-04T09:00:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = fixture.Scenario.Webinar, SessionId = fixture.Scenario.WebinarSession, ProfessionalId = ErasureScenario.Q, FullName = ErasureScenario.QName, Email = ErasureScenario.QEmail, Role = "Adviser", FromWaitlist = false };
        await fixture.ScalarAsync(
            "INSERT INTO journal (\"EventId\", \"Type\", \"OccurredAt\", \"Body\", \"ProfessionalId\") VALUES ($1, 'ParticipantRegistered', $2, CAST($3 AS jsonb), $4) RETURNING \"Sequence\"",
            escaped.EventId, escaped.OccurredAt.UtcDateTime, JsonSerializer.Serialize(escaped, ContractJson), ErasureScenario.Q);

        await fixture.Analyst.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM registrations WHERE \"RegistrationId\" = $1 AND \"ProfessionalId\" LIKE 'erased-%'", escaped.RegistrationId));
        await AssertFiguresAsync();
        await AssertNothingOfQAsync();
    }

    [Fact]
    public async Task A_professional_never_erased_keeps_their_id_and_data()
    {
        var r = ErasureScenario.R;

        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM reach_ledger WHERE \"ProfessionalId\" = $1", r));
        Assert.Equal(2, await fixture.ScalarAsync("SELECT count(*) FROM registrations WHERE \"ProfessionalId\" = $1", r));
        Assert.Equal(2, await fixture.ScalarAsync("SELECT count(*) FROM attendances WHERE \"ProfessionalId\" = $1", r));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM members WHERE \"ProfessionalId\" = $1 AND \"ErasedAt\" IS NULL", r));
        Assert.Equal(5, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"ProfessionalId\" = $1 AND \"Body\"::text LIKE '%' || $1 || '%'", r));
        Assert.Equal(2, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"Body\"->>'fullName' = $1 AND \"Body\"->>'email' = $2", ErasureScenario.RName, ErasureScenario.REmail));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"Body\"->>'displayName' = $1", ErasureScenario.RName));
    }

    /// <summary>q and r reached once each; 4 attendances (2.5 + 2.5 + 1.5 + 1.5 h); q's two feedbacks (10, 9) and q's action done count; r is the only member.</summary>
    private async Task AssertFiguresAsync()
    {
        var summary = await fixture.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        var funnel = await fixture.Analyst.GetFunnelAsync(new GetFunnelRequest(), cancellationToken: Cancel);

        Assert.Equal(2, summary.ProfessionalsReached);
        Assert.Equal(4, summary.Attendances);
        Assert.Equal(8, summary.ParticipantHours);
        Assert.Equal((2L, 2L, 100d), (summary.Nps.Responses, summary.Nps.Promoters, summary.Nps.Score));
        Assert.Equal((0L, 1L), (summary.Actions.Open, summary.Actions.Done));
        Assert.Equal(1, summary.Community.Members);
        Assert.Equal((2L, 2L, 1L, 1L, 1L), (funnel.Registered, funnel.Attended, funnel.GaveFeedback, funnel.CommittedToAction, funnel.CompletedAction));
    }

    /// <summary>No trace of q's id, name or e-mail in any read model, the journal or the suppression list; q's data carries one pseudonym.</summary>
    private async Task AssertNothingOfQAsync()
    {
        var q = ErasureScenario.Q;
        foreach (var (table, column) in ProfessionalColumns)
        {
            Assert.Equal(0, await fixture.ScalarAsync($"SELECT count(*) FROM {table} WHERE \"{column}\" = $1", q));
        }

        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"Body\"::text LIKE '%' || $1 || '%' OR \"Body\"::text ILIKE '%queued%'", q));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM feedback WHERE \"Comment\" IS NOT NULL"));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM erased_professionals WHERE \"Key\" = $1 OR \"Pseudonym\" = $1", q));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM members WHERE \"MemberId\" = $1 AND (\"ErasedAt\" IS NULL OR \"ProfessionalId\" IS NOT NULL)", fixture.Scenario.MemberQ));

        var pseudonym = await fixture.ScalarAsync("SELECT count(*) FROM erased_professionals");
        Assert.Equal(1, pseudonym);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM reach_ledger WHERE \"ProfessionalId\" LIKE 'erased-%'"));
        Assert.Equal(1, await fixture.ScalarAsync("""
            SELECT count(DISTINCT p) FROM (
                SELECT "ProfessionalId" AS p FROM registrations UNION ALL SELECT "ProfessionalId" FROM attendances
                UNION ALL SELECT "ProfessionalId" FROM feedback UNION ALL SELECT "OwnerProfessionalId" FROM actions
                UNION ALL SELECT "ProfessionalId" FROM journal UNION ALL SELECT "Pseudonym" FROM erased_professionals) AS named
            WHERE p LIKE 'erased-%'
            """));
    }
}
