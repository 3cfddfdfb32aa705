using Platform.Messaging.Probe;

await ProbeApp.Build(ProbeApp.CreateBuilder(args)).RunAsync();
