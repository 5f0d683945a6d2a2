namespace Conference.MediaHost;

public static class Program
{
    public static void Main(string[] args)
    {
        // The content root is where the build put appsettings.json, whatever directory the process was started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = MediaHostSettings.From(builder.Configuration);
        var app = MediaHostApp.Build(builder, settings);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Console.WriteLine($"Media host listening on {settings.ListenUrl} (RTP {settings.RtpAddress} ports {settings.RtpFirstPort}-{settings.RtpLastPort})");
            Console.WriteLine($"Reports go to {settings.ControlPlaneUrl}internal/media/reports");
        });
        app.Run();
    }
}
