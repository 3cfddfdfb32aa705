var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddReportingServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReportingEndpoints();
app.Run();
