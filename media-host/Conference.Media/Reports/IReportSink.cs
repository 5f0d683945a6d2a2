using Conference.Core.Media;

namespace Conference.Media.Reports;

/// <summary>Where the confbridge says what happened. Must not block: the clock thread reports talking and floor changes.</summary>
public interface IReportSink
{
    void Report(MediaReport report);
}
