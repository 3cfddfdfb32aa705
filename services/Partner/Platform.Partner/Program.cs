var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPartnerEndpoints();
app.Run();
