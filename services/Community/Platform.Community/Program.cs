var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddCommunityServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCommunityEndpoints();
app.Run();
