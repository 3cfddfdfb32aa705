using System.Globalization;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Tests;

/// <summary>
/// The ports an application chooses stay its own until its processes bind them: no other application
/// started beside it (parallel test projects) and no outgoing connection can take them first.
/// </summary>
public sealed class PortReservationTests
{
    [Fact]
    public void A_port_held_by_one_application_is_not_handed_to_another_until_it_is_disposed()
    {
        using var first = new PortReservations();
        using var second = new PortReservations();
        var port = first.Reserve();

        Assert.False(second.TryReserve(port));
        first.Dispose();
        Assert.True(second.TryReserve(port));
    }

    [Fact]
    public void A_released_port_goes_to_another_application_and_the_others_stay_held()
    {
        using var first = new PortReservations();
        using var second = new PortReservations();
        var released = first.Reserve();
        var kept = first.Reserve();

        first.Release(released);

        Assert.Equal(1, first.HeldCount);
        Assert.True(second.TryReserve(released));
        Assert.False(second.TryReserve(kept));
    }

    [Fact]
    public void Applications_choosing_side_by_side_never_choose_the_same_port()
    {
        using var first = new PortReservations();
        using var second = new PortReservations();

        // 400 each from about 12,000 candidates: without the machine-wide hold about 13 would be shared.
        var chosen = Enumerable.Range(0, 400).SelectMany(_ => new[] { first.Reserve(), second.Reserve() }).ToList();

        Assert.Equal(chosen.Count, chosen.Distinct().Count());
    }

    [Fact]
    public void Ports_are_chosen_outside_the_range_the_kernel_gives_outgoing_connections()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var (low, high) = (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[1], CultureInfo.InvariantCulture));
        using var ports = new PortReservations();

        var chosen = Enumerable.Range(0, 50).Select(_ => ports.Reserve()).ToList();

        Assert.All(chosen, port => Assert.True(port < low || port > high, $"port {port} is in the ephemeral range {low}-{high}"));
    }

    [Theory]
    [InlineData(32768, 60999, 20000, 32767)]
    [InlineData(10000, 60999, 61000, 65535)]
    public void The_choice_is_below_the_ephemeral_range_when_there_is_room_else_above_it(int ephemeralLow, int ephemeralHigh, int low, int high) =>
        Assert.Equal((low, high), PortReservations.OutsideEphemeralRange((ephemeralLow, ephemeralHigh)));

    [Fact]
    public void With_no_room_outside_the_ephemeral_range_the_kernel_chooses() =>
        Assert.Null(PortReservations.OutsideEphemeralRange((1024, 65000)));
}
