using System.Diagnostics.Metrics;

namespace Platform.Messaging.Tests;

/// <summary>Reads one observable gauge of the meters one probe's meter factory made (another probe's are not seen).</summary>
internal sealed class GaugeReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _value;

    public GaugeReader(IMeterFactory factory, string meter, string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Scope == factory && i.Meter.Name == meter && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _value = value);
        _listener.Start();
    }

    /// <summary>What the gauge reports now.</summary>
    public double Read()
    {
        _listener.RecordObservableInstruments();
        return _value;
    }

    public void Dispose() => _listener.Dispose();
}
