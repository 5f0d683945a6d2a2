using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class RealtimeReportsTests
{
    private static string[] Events(Harness<ConferenceEntity, ConferenceState> c) =>
        [.. c.Effects.OfType<PublishEffect>().Select(p => p.Event.Type)];

    [Fact]
    public void Talking_changes_set_the_realtime_flags_and_publish_only_on_a_change()
    {
        var conference = Harnesses.Conference();
        var a = conference.Join();

        conference.Run(e => e.TalkingChanged(new TalkingChange(a, true, 42)));
        Assert.Equal([EventTypes.TalkingStarted], Events(conference));
        var participant = ConferenceView.Of(conference.State, DateTime.UtcNow).Realtime.Participants.Single();
        Assert.Equal((true, 42), (participant.Talking, participant.EnergyLevel));

        conference.Run(e => e.TalkingChanged(new TalkingChange(a, true, 60)));
        Assert.Empty(Events(conference));

        conference.Run(e => e.TalkingChanged(new TalkingChange(a, false, 0)));
        Assert.Equal([EventTypes.TalkingStopped], Events(conference));
    }

    [Fact]
    public void A_talking_report_for_someone_who_left_changes_nothing()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.TalkingChanged(new TalkingChange(Guid.NewGuid(), true, 42)));
        Assert.Empty(conference.Effects);
    }

    [Fact]
    public void The_floor_follows_the_dominant_speaker_with_an_event_per_change()
    {
        var conference = Harnesses.Conference();
        var a = conference.Join();
        conference.Run(e => e.FloorChanged(a));
        Assert.Equal(a, ConferenceView.Of(conference.State, DateTime.UtcNow).Realtime.Floor);
        Assert.Equal([EventTypes.FloorChanged], Events(conference));
        conference.Run(e => e.FloorChanged(a));
        Assert.Empty(Events(conference));
    }

    [Fact]
    public void Recording_saved_and_transcripts_are_published_only_for_this_conferences_own()
    {
        var conference = Harnesses.Conference();
        var recording = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;
        var transcribe = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).TranscribeId;

        conference.Run(e => e.RecordingStop());
        conference.Run(e => e.RecordingSaved(new RecordingSavedReport(Guid.NewGuid(), "x.wav", 3)));
        Assert.Empty(conference.Effects);
        conference.Run(e => e.RecordingSaved(new RecordingSavedReport(recording, "x.wav", 3)));
        Assert.Equal([EventTypes.RecordingSaved], Events(conference));

        conference.Run(e => e.TranscriptCreated(new TranscriptReport(transcribe, Guid.NewGuid(), "in", "hello", DateTimeOffset.UtcNow)));
        var transcript = conference.Effects.OfType<PublishEffect>().Single().Event;
        Assert.Equal((EventTypes.TranscriptCreated, "hello"), (transcript.Type, transcript.Data.GetProperty("message").GetString()));
    }
}
