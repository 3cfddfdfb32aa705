namespace Platform.Reporting.Erasure;

/// <summary>
/// A professional who exercised the right to erasure, as Reporting must remember them: not the id
/// itself but its keyed hash (<see cref="ErasedProfessionals"/>), and the pseudonym their data was given,
/// so an event of theirs taken in later is applied under that pseudonym.
/// </summary>
public sealed class ErasedProfessional
{
    /// <summary>Lowercase hex HMAC-SHA-256 of the professional id under the installation's erasure key.</summary>
    public required string Key { get; init; }

    /// <summary><c>erased-&lt;guid&gt;</c>: the id their data carries in every read model and the journal.</summary>
    public required string Pseudonym { get; init; }

    public required DateTimeOffset ErasedAt { get; init; }
}
