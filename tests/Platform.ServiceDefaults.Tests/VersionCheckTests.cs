using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The optimistic-concurrency check every update handler makes, and the words a caller reads when it loses.</summary>
public sealed class VersionCheckTests
{
    [Fact]
    public void A_change_based_on_the_stored_version_goes_through()
    {
        ConcurrencyConflictException.ThrowIfVersionDiffers("Organization", "o-1", 3, 3);
    }

    [Fact]
    public void A_change_based_on_another_version_is_a_conflict_that_names_both_versions_and_what_to_do()
    {
        var older = Assert.Throws<ConcurrencyConflictException>(() => ConcurrencyConflictException.ThrowIfVersionDiffers("Climate team", "t-1", 3, 2));
        var newer = Assert.Throws<ConcurrencyConflictException>(() => ConcurrencyConflictException.ThrowIfVersionDiffers("Format", "Klimaatcafé", 1, 2, "revision"));

        Assert.Equal("Climate team 't-1' is at version 3, not 2: read it again and reapply the change.", older.Message);
        Assert.Equal("Format 'Klimaatcafé' is at version 1, not 2: read it again and reapply the revision.", newer.Message);
    }
}
