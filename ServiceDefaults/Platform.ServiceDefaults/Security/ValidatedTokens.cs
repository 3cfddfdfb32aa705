using System.Collections.Concurrent;
using System.Security.Claims;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The bearer tokens that passed validation, each with the caller it names, until the token
/// expires (at most <see cref="MaxAge"/>). Callers send the same token call after call; validating
/// it again (base64, JSON, HMAC, and JwtBearer's copy of its settings) was the largest cost of an
/// authenticated call. Requests with the same token share one caller, whose claims cannot change
/// (<see cref="ValidatedPrincipal"/>).
/// </summary>
internal sealed class ValidatedTokens(TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The caller a still-valid token names, looked up without copying the token out of its header.</summary>
    public bool TryGet(ReadOnlySpan<char> token, out ClaimsPrincipal caller)
    {
        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry) && timeProvider.GetUtcNow() < entry.Until)
        {
            caller = entry.Caller;
            return true;
        }

        caller = null!;
        return false;
    }

    public void Remember(string token, ClaimsIdentity identity, DateTimeOffset expires)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var latest = timeProvider.GetUtcNow() + MaxAge;
        _entries[token] = new Entry(new ValidatedPrincipal(new ValidatedIdentity(identity)), expires < latest ? expires : latest);
    }

    private sealed record Entry(ClaimsPrincipal Caller, DateTimeOffset Until);
}

/// <summary>The caller of a validated token, shared by the requests that carry it: no identity can be added.</summary>
internal sealed class ValidatedPrincipal(ValidatedIdentity identity) : ClaimsPrincipal(identity)
{
    public override void AddIdentity(ClaimsIdentity identity) => throw ValidatedIdentity.Frozen();

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities) => throw ValidatedIdentity.Frozen();
}

/// <summary>The identity of a validated token, shared by the requests that carry it: its claims cannot change.</summary>
internal sealed class ValidatedIdentity(ClaimsIdentity validated) : ClaimsIdentity(validated)
{
    public override void AddClaim(Claim claim) => throw Frozen();

    public override void AddClaims(IEnumerable<Claim?> claims) => throw Frozen();

    public override void RemoveClaim(Claim? claim) => throw Frozen();

    public override bool TryRemoveClaim(Claim? claim) => throw Frozen();

    internal static NotSupportedException Frozen() =>
        new("A validated token's caller is shared by the requests that carry it; it cannot change.");
}
