using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;

namespace Platform.Community.Tests;

/// <summary>An experience's participants, read in pages by name: every one once, however many, however they come in.</summary>
[Collection(CommunityServers.Name)]
public sealed class ParticipantTests(CommunityFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task Participants_come_by_name_in_pages_and_one_who_joins_between_pages_is_neither_skipped_nor_listed_twice()
    {
        // Registered in this order; two namesakes, so a page ends between them (by member id).
        string[] names = ["Pieter Bakker", "Jan de Boer", "Émile Dubois", "Anouk de Wit", "Jan de Boer", "Fatima El Amrani", "Sanne Mulder"];
        var screening = await fixture.ScheduleScreeningAsync();
        foreach (var name in names)
        {
            await fixture.RegisterAsync(screening, Email(), name, "Policy adviser");
        }

        await fixture.ParticipantsAsync(screening.Id, names.Length);
        var request = new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = 3 };
        var first = await Community.ListParticipantsAsync(request, cancellationToken: Cancel);

        // Joining after the first page was read: one whose name comes before where it ended (the
        // pages still to read do not show them), a third namesake (after it: a newer member id)
        // and one at the end.
        string[] joiners = ["Bas Aarts", "Jan de Boer", "Wouter Smit"];
        foreach (var name in joiners)
        {
            await fixture.RegisterAsync(screening, Email(), name, "Data analyst");
        }

        var counted = await Eventually.ReachesAsync(
            () => Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = 1 }, cancellationToken: Cancel).ResponseAsync,
            p => p.TotalSize == names.Length + joiners.Length);
        var second = await Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = 3, PageToken = first.NextPageToken }, cancellationToken: Cancel);
        var rest = await fixture.AllParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = 3, PageToken = first.NextPageToken });
        var everyone = await fixture.AllParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id });
        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = CommunityFixture.MaxPageSize + 1 }, cancellationToken: Cancel).ResponseAsync);
        var largest = await Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageSize = CommunityFixture.MaxPageSize }, cancellationToken: Cancel);
        var garbage = await Assert.ThrowsAsync<RpcException>(() => Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageToken = "garbage" }, cancellationToken: Cancel).ResponseAsync);
        // Well-formed base64 with an id, but no text a name can be: a byte no UTF-8 character
        // starts with, and a NUL (which PostgreSQL would refuse, an Internal error if it got there).
        var forged = await Task.WhenAll(new byte[] { 0xFF, 0x00 }.Select(b => Assert.ThrowsAsync<RpcException>(
            () => Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id, PageToken = Convert.ToBase64String([.. new byte[16], b]) }, cancellationToken: Cancel).ResponseAsync)));

        Assert.Equal(3, first.Participants.Count);
        Assert.Equal(names.Length, first.TotalSize);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(names.Length + joiners.Length, counted.TotalSize);
        Assert.False(second.HasTotalSize);
        Assert.Single(counted.Participants);
        Assert.Equal(
            [.. names.Concat(joiners).Order(StringComparer.Ordinal)],
            everyone.Select(p => p.FullName));
        Assert.Equal(everyone.OrderBy(p => p.FullName, StringComparer.Ordinal).ThenBy(p => p.MemberId, StringComparer.Ordinal).Select(p => p.MemberId), everyone.Select(p => p.MemberId));
        // The pages read across the joins are the whole list but for the one who joined before where they had got to.
        Assert.Equal(everyone.Where(p => p.FullName != "Bas Aarts").Select(p => p.MemberId), first.Participants.Concat(rest).Select(p => p.MemberId));
        Assert.Equal("page_size", Violation(tooLarge));
        Assert.Equal((names.Length + joiners.Length, string.Empty), (largest.Participants.Count, largest.NextPageToken));
        Assert.Equal("page_token", Violation(garbage));
        Assert.All(forged, refused => Assert.Equal("page_token", Violation(refused)));
    }

    [Fact]
    public async Task A_screening_with_sixty_thousand_participants_is_read_in_pages_each_participant_once_in_order()
    {
        // 60,000 is more than one answer can carry (gRPC's 4 MB).
        const int Count = 60_000;
        var screening = Guid.NewGuid();
        await fixture.AddParticipantsAsync(screening, Count);
        try
        {
            // Statistics as autovacuum keeps them (it would take a minute to notice the load): without
            // them the planner takes the screening for a small one and sorts all of it for every page.
            await fixture.QueryAsync("ANALYZE members, experience_participants");
            var first = await Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.ToString() }, cancellationToken: Cancel);
            var all = await fixture.AllParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.ToString(), PageSize = CommunityFixture.MaxPageSize });

            Assert.Equal((50, Count), (first.Participants.Count, first.TotalSize));
            Assert.Equal(Count, all.Count);
            Assert.Equal(Count, all.Select(p => p.MemberId).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, Count).Select(i => $"Deelnemer {i:00000} van de filmavond"), all.Select(p => p.FullName));
        }
        finally
        {
            // Other tests list every member: these leave with the test.
            await fixture.QueryAsync("""DELETE FROM experience_participants WHERE "ExperienceId" = $1""", screening);
            await fixture.QueryAsync("""DELETE FROM members WHERE "ExperienceId" = $1""", screening);
        }
    }

    private static string Email() => $"participant.{Guid.NewGuid():N}@example.nl";

    private static string Violation(RpcException refused)
    {
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        return refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field;
    }
}
