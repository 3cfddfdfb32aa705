using Microsoft.EntityFrameworkCore;

namespace Platform.Community.Members;

/// <summary>
/// How an erasure and whatever writes a member's data into other rows (a post, a thread, a
/// participation, a place in a group) keep out of each other's way: the erasure locks the member's
/// row <c>FOR UPDATE</c>, a writer <c>FOR KEY SHARE</c> before it reads whether the member is
/// erased. A writer that came first commits before the erasure goes on, and the erasure then clears
/// what it wrote; one that came second waits, and reads the member erased. Key-share locks do not
/// wait for each other, nor for a profile or consent change (which updates no key column).
/// </summary>
internal static class MemberLocks
{
    public static IQueryable<Member> ForErasure(this DbSet<Member> members, Guid id) =>
        members.FromSql($"SELECT * FROM members WHERE \"Id\" = {id} FOR UPDATE");

    public static IQueryable<Member> ForWriting(this DbSet<Member> members, Guid id) =>
        members.FromSql($"SELECT * FROM members WHERE \"Id\" = {id} FOR KEY SHARE");

    /// <summary>
    /// The live members who take part in the experience, each locked as a writer locks one, in id
    /// order: for group formation, which writes their roles into the groups. Waiting for an erasure
    /// of one of them, it leaves that member out (PostgreSQL reads the row again once the erasure
    /// committed, and it is erased).
    /// </summary>
    public static IQueryable<Member> ParticipantsForWriting(this DbSet<Member> members, Guid experienceId) =>
        members.FromSql($"SELECT * FROM members WHERE \"ErasedAt\" IS NULL AND \"Id\" IN (SELECT \"MemberId\" FROM experience_participants WHERE \"ExperienceId\" = {experienceId}) ORDER BY \"Id\" FOR KEY SHARE");

    /// <summary>
    /// The live member of the professional, if any. One waiting for an erasure of that member does
    /// not find it afterwards (the erased row has no professional id any more).
    /// </summary>
    public static IQueryable<Member> ForWriting(this DbSet<Member> members, string professionalId) =>
        members.FromSql($"SELECT * FROM members WHERE \"ProfessionalId\" = {professionalId} FOR KEY SHARE");
}
