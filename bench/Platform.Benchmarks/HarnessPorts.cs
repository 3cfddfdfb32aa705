using Platform.Hosting.Processes;

namespace Platform.Benchmarks;

/// <summary>
/// Ports for the processes the harness starts itself (an AppHost's dashboard, the bare gRPC
/// endpoint), chosen the way the engine chooses its own and held until the harness exits.
/// </summary>
internal static class HarnessPorts
{
    private static readonly PortReservations Reservations = new();

    public static int Reserve() => Reservations.Reserve();
}
