namespace Conference.MediaHost;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
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
