using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Experience.Formats;
using Npgsql;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>The Experience Manual: formats and their versions.</summary>
public sealed partial class ExperienceGrpcService
{
    // The first half of the two-key advisory locks on format names ("fmt"); the seat pools' gates
    // use one-key locks, a key space of their own.
    private const int FormatNameLockSpace = 0x666D74;

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListFormatsResponse> ListFormats(Proto.ListFormatsRequest request, ServerCallContext context)
    {
        var current = await CurrentFormats.AsNoTracking()
            .OrderBy(f => f.NameKey)
            .ToListAsync(context.CancellationToken);
        var response = new Proto.ListFormatsResponse();
        response.Formats.AddRange(current.Select(FormatMessages.ToProto));
        return response;
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.Format> GetFormat(Proto.GetFormatRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        if (request.Version < 0)
        {
            new Validation().Add("version", "must not be negative (0 means the current version)").ThrowIfInvalid();
        }

        var format = request.Version == 0
            ? await CurrentFormatAsync(id, context.CancellationToken)
            : await Db.Formats.AsNoTracking().SingleOrDefaultAsync(f => f.FormatId == id && f.Version == request.Version, context.CancellationToken)
                ?? throw new NotFoundException("Format version", $"{request.Id} v{request.Version}");
        return FormatMessages.ToProto(format);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Format> CreateFormat(Proto.CreateFormatRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var definition = FormatMessages.Definition(validation, request.Definition);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CreateFormat), async cancellationToken =>
        {
            await EnsureNameIsFreeAsync(definition.Name, null, cancellationToken);
            var format = FormatVersion.First(Guid.CreateVersion7(), definition, context.Caller(), calendar.Now());
            Db.Formats.Add(format);
            await Db.SaveChangesAsync(cancellationToken);
            return FormatMessages.ToProto(format);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Format> ReviseFormat(Proto.ReviseFormatRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        var definition = FormatMessages.Definition(validation, request.Definition);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(ReviseFormat), async cancellationToken =>
        {
            var current = await CurrentFormatAsync(id!.Value, cancellationToken);
            ConcurrencyConflictException.ThrowIfVersionDiffers("Format", current.Name, current.Version, request.ExpectedVersion, "revision");

            await EnsureNameIsFreeAsync(definition.Name, current.FormatId, cancellationToken);
            var revised = current.Revise(definition, context.Caller(), calendar.Now());
            Db.Formats.Add(revised);
            try
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Two revisions of one version race for the same (format, version) key: the second is Aborted.
                throw new ConcurrencyConflictException($"Format '{current.Name}' was revised at the same time by another request: read it again and reapply the revision.");
            }
            return FormatMessages.ToProto(revised);
        }, context.CancellationToken);
    }

    private async Task<FormatVersion> CurrentFormatAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Formats.AsNoTracking().Where(f => f.FormatId == id).OrderByDescending(f => f.Version).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Format", id.ToString());

    /// <summary>
    /// Refuses a name another format's current version has (a renamed format's earlier names are
    /// free again). Names are unique by check, not by index (a format's versions share theirs), so
    /// two requests for one name take turns: the lock on the name lasts until the transaction
    /// ends, and the second sees the first's format.
    /// </summary>
    private async Task EnsureNameIsFreeAsync(string name, Guid? formatId, CancellationToken cancellationToken)
    {
        var key = FormatVersion.KeyOf(name);
        await Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FormatNameLockSpace}, hashtext({key}))", cancellationToken);
        if (await CurrentFormats.AnyAsync(f => f.NameKey == key && f.FormatId != formatId, cancellationToken))
        {
            throw new AlreadyExistsException($"A format named '{name.Trim()}' already exists in the Manual.");
        }
    }

    /// <summary>Each format's current version: the Manual as it stands.</summary>
    private IQueryable<FormatVersion> CurrentFormats =>
        Db.Formats.Where(f => f.Version == Db.Formats.Where(o => o.FormatId == f.FormatId).Max(o => o.Version));
}
