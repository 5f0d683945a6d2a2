using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class RecordingAndTranscribeRulesTests
{
    private static DomainException Refused(Harness<ConferenceEntity, ConferenceState> c, Func<ConferenceEntity, object> op) =>
        Assert.Throws<DomainException>(() => c.Run(op));

    [Fact]
    public void Recording_starts_only_when_progressing()
    {
        var starting = Harnesses.Conference(progressing: false);
        var error = Refused(starting, e => e.RecordingStart(new RecordingStartRequest()));
        Assert.Equal((ErrorKind.Conflict, "CONFERENCE_NOT_PROGRESSING"), (error.Kind, error.Reason));
    }

    [Fact]
    public void A_second_recording_while_one_is_active_is_a_conflict()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.RecordingStart(new RecordingStartRequest()));
        Assert.Equal("RECORDING_ALREADY_ACTIVE", Refused(conference, e => e.RecordingStart(new RecordingStartRequest())).Reason);
    }

    [Fact]
    public void Starting_a_recording_makes_it_active_keeps_it_in_history_and_tells_the_media_host()
    {
        var conference = Harnesses.Conference();
        var view = conference.Run(e => e.RecordingStart(new RecordingStartRequest("wav", 60)));
        Assert.NotEqual(Guid.Empty, view.RecordingId);
        Assert.Equal([view.RecordingId], view.RecordingIds);
        var start = conference.Media<StartRecording>().Single();
        Assert.Equal((view.RecordingId, 60), (start.RecordingId, start.MaxDurationSeconds));
        Assert.EndsWith($"{view.RecordingId}.wav", start.BlobName);
        Assert.Equal(conference.Now.AddSeconds(60), conference.Signals(nameof(ConferenceEntity.RecordingLimit)).Single().At);
    }

    [Fact]
    public void Stopping_clears_the_active_recording_and_keeps_the_history()
    {
        var conference = Harnesses.Conference();
        var started = conference.Run(e => e.RecordingStart(new RecordingStartRequest()));
        var stopped = conference.Run(e => e.RecordingStop());
        Assert.Equal(Guid.Empty, stopped.RecordingId);
        Assert.Equal([started.RecordingId], stopped.RecordingIds);
        Assert.Single(conference.Media<StopRecording>());
        var again = conference.Run(e => e.RecordingStart(new RecordingStartRequest()));
        Assert.Equal(2, again.RecordingIds.Length);
    }

    [Fact]
    public void Stopping_when_none_is_active_is_a_conflict()
    {
        Assert.Equal("RECORDING_NOT_ACTIVE", Refused(Harnesses.Conference(), e => e.RecordingStop()).Reason);
    }

    [Theory]
    [InlineData("mp3", null, "INVALID_FORMAT")]
    [InlineData("wav", 0, "INVALID_DURATION")]
    [InlineData("wav", 86401, "INVALID_DURATION")]
    public void Recording_options_out_of_range_are_invalid(string format, int? duration, string reason)
    {
        Assert.Equal(reason, Refused(Harnesses.Conference(), e => e.RecordingStart(new RecordingStartRequest(format, duration))).Reason);
    }

    [Fact]
    public void A_recording_stops_by_itself_at_its_duration_and_a_stale_limit_is_ignored()
    {
        var conference = Harnesses.Conference();
        var first = conference.Run(e => e.RecordingStart(new RecordingStartRequest(Duration: 10))).RecordingId;
        conference.Run(e => e.RecordingStop());
        var second = conference.Run(e => e.RecordingStart(new RecordingStartRequest(Duration: 100))).RecordingId;

        conference.Run(e => e.RecordingLimit(first));
        Assert.Equal(second, conference.State.RecordingId);

        conference.Run(e => e.RecordingLimit(second));
        Assert.Equal(Guid.Empty, conference.State.RecordingId);
        Assert.Single(conference.Media<StopRecording>());
    }

    [Fact]
    public void Pause_and_resume_need_an_active_recording_in_the_right_state()
    {
        var conference = Harnesses.Conference();
        Assert.Equal("RECORDING_NOT_ACTIVE", Refused(conference, e => e.RecordingPause()).Reason);
        conference.Run(e => e.RecordingStart(new RecordingStartRequest()));
        Assert.Equal("RECORDING_NOT_PAUSED", Refused(conference, e => e.RecordingResume()).Reason);
        conference.Run(e => e.RecordingPause());
        Assert.Single(conference.Media<PauseRecording>());
        Assert.Equal("RECORDING_ALREADY_PAUSED", Refused(conference, e => e.RecordingPause()).Reason);
        conference.Run(e => e.RecordingResume());
        Assert.Single(conference.Media<ResumeRecording>());
    }

    [Fact]
    public void Termination_stops_an_active_recording_and_transcription()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.RecordingStart(new RecordingStartRequest()));
        conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"])));
        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        Assert.Single(conference.Media<StopRecording>());
        Assert.Single(conference.Media<StopTranscription>());
        Assert.Equal((Guid.Empty, Guid.Empty), (conference.State.RecordingId, conference.State.TranscribeId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("english please")]
    public void Transcription_needs_a_language(string? language)
    {
        Assert.Equal("INVALID_LANGUAGE", Refused(Harnesses.Conference(), e => e.TranscribeStart(new StartTranscribe(language, ["en-US"]))).Reason);
    }

    [Fact]
    public void Only_one_transcription_is_active_and_stopping_none_is_a_conflict()
    {
        var conference = Harnesses.Conference();
        Assert.Equal("TRANSCRIBE_NOT_ACTIVE", Refused(conference, e => e.TranscribeStop()).Reason);
        var view = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"])));
        Assert.Equal("en-US", conference.Media<StartTranscription>().Single().Language);
        Assert.Equal("TRANSCRIBE_ALREADY_ACTIVE", Refused(conference, e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).Reason);
        var stopped = conference.Run(e => e.TranscribeStop());
        Assert.Equal(Guid.Empty, stopped.TranscribeId);
        Assert.Equal([view.TranscribeId], stopped.TranscribeIds);
    }

    [Fact]
    public void Transcription_starts_only_when_progressing()
    {
        Assert.Equal("CONFERENCE_NOT_PROGRESSING",
            Refused(Harnesses.Conference(progressing: false), e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).Reason);
    }
}
