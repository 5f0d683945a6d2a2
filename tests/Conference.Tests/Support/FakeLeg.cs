using Conference.Media.Audio;
using Conference.Media.Rooms;

namespace Conference.Tests.Support;

/// <summary>A leg fed and heard directly by a test: what it says goes through the real jitter buffer; what it hears is kept per tick.</summary>
public sealed class FakeLeg : Leg
{
    private ushort _sequence;

    public FakeLeg(Guid? id = null) : base(Guid.NewGuid())
    {
        Id = id ?? Guid.NewGuid();
    }

    public override string Kind => "fake";
    public List<short[]> Heard { get; } = [];

    public void Say(short[] frame) => Receive(_sequence++, frame);

    public void Say(short value) => Say(Enumerable.Repeat(value, AudioFormat.FrameSamples).ToArray());

    internal override void Send(ReadOnlySpan<short> frame) => Heard.Add(frame.ToArray());

    public void HangUp() => End("hangup");
}

/// <summary>Reports kept in order, for assertions.</summary>
public sealed class CollectingReports : Conference.Media.Reports.IReportSink
{
    private readonly List<Conference.Core.Media.MediaReport> _reports = [];

    public void Report(Conference.Core.Media.MediaReport report)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }
    }

    public IReadOnlyList<T> OfType<T>()
    {
        lock (_reports)
        {
            return _reports.OfType<T>().ToArray();
        }
    }
}
