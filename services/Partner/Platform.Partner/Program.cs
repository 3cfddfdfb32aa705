var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPartnerEndpoints();
app.Run();
