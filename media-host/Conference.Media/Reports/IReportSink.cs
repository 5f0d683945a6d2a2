using Conference.Core.Media;

namespace Conference.Media.Reports;

/// <summary>Where the confbridge says what happened. Must not block: the clock thread reports talking and floor changes.</summary>
public interface IReportSink
{
    void Report(MediaReport report);
}

/// <summary>For rooms nobody is told about: a call's own lobby, where it hears its prompts before it is bridged.</summary>
public sealed class DiscardReports : IReportSink
{
    public static readonly DiscardReports Instance = new();

    public void Report(MediaReport report)
    {
    }
}
