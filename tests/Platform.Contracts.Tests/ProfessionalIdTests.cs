using Platform.Contracts.Events;

namespace Platform.Contracts.Tests;

/// <summary>The professional id is what every service and subscriber computes alike (docs/events.md gives the Python).</summary>
public sealed class ProfessionalIdTests
{
    [Theory]
    [InlineData("sanne.de.vries@gemeente.example")]
    [InlineData("  Sanne.de.Vries@GEMEENTE.example\t")]
    public void The_id_is_the_SHA256_of_the_trimmed_lowercased_address_as_Python_computes_it(string email)
    {
        // hashlib.sha256("sanne.de.vries@gemeente.example".encode()).hexdigest()
        Assert.Equal("bd117134bd2d14f556c852f37204b1ffffd42824712847ffbadd9d58e7bbb472", Professionals.IdOf(email));
    }
}
