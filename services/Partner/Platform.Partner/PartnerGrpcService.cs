using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Partner.V1;
using Platform.Partner.Data;
using Platform.Partner.Experts;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Security;

namespace Platform.Partner;

/// <summary>The gRPC surface of the Partner service (platform.partner.v1); each feature's calls live in its folder.</summary>
public sealed partial class PartnerGrpcService(
    ServiceInfo serviceInfo,
    PartnerDbContext db,
    IdempotentRequests<PartnerDbContext> requests,
    OrganizationCache organizationCache,
    ExpertCache expertCache,
    NetworkCalendar calendar) : PartnerService.PartnerServiceBase
{
    [Authorize(Scopes.PartnerRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());

    /// <summary>Who is calling: the token's subject, recorded in histories and scoping request ids.</summary>
    private static string Caller(ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst("sub")?.Value ?? "anonymous";

    /// <summary>Saves the pending changes and events, turning the database's verdicts into the contract's errors.</summary>
    private async Task SaveAsync(string alreadyExists, string concurrencyConflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(concurrencyConflict);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new AlreadyExistsException(alreadyExists);
        }
    }

    /// <summary>
    /// Runs <paramref name="effect"/> in a transaction (the request id's, when there is one), so a
    /// row it locks with <c>FOR UPDATE</c> stays locked until its changes commit.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> effect, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await effect();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await effect();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
