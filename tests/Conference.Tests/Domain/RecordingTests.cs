using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Core.Recordings;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class RecordingTests
{
    private static Harness<RecordingEntity, RecordingState> Recording()
    {
        var recording = new Harness<RecordingEntity, RecordingState>(EntityId.Recording(Guid.NewGuid()));
        recording.Run(e => e.Create(new CreateRecording(Guid.NewGuid(), Harnesses.Customer, "wav", "c/f/r.wav")));
        return recording;
    }

    [Fact]
    public void Starting_a_recording_creates_the_recording_resource_and_publishes_recording_started()
    {
        var conference = Harnesses.Conference();

        var id = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;

        var create = Assert.Single(conference.Signals(nameof(RecordingEntity.Create)));
        Assert.Equal(EntityId.Recording(id), create.Target);
        Assert.Contains(conference.Effects.OfType<PublishEffect>(), p => p.Event.Type == EventTypes.RecordingStarted);
    }

    [Fact]
    public void Pause_resume_and_stop_reach_the_recording_resource()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.RecordingStart(new RecordingStartRequest()));

        conference.Run(e => e.RecordingPause());
        Assert.Single(conference.Signals(nameof(RecordingEntity.Pause)));
        conference.Run(e => e.RecordingResume());
        Assert.Single(conference.Signals(nameof(RecordingEntity.Resume)));
        conference.Run(e => e.RecordingStop());
        Assert.Single(conference.Signals(nameof(RecordingEntity.Stop)));
    }

    [Fact]
    public void A_save_of_the_active_recording_ends_it_on_the_conference_too()
    {
        var conference = Harnesses.Conference();
        var id = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;

        conference.Run(e => e.RecordingSaved(new RecordingSavedReport(id, "c/f/r.wav", 12.5)));

        Assert.Equal(Guid.Empty, conference.State.RecordingId);
        Assert.Single(conference.Signals(nameof(RecordingEntity.Saved)));
        Assert.Contains(id, conference.State.RecordingIds);
    }

    [Fact]
    public void A_recording_goes_recording_paused_recording_stopping_ended()
    {
        var recording = Recording();
        var statuses = new List<string> { recording.State.Status };
        recording.Run(e => e.Pause());
        statuses.Add(recording.State.Status);
        recording.Run(e => e.Resume());
        statuses.Add(recording.State.Status);
        recording.Run(e => e.Stop());
        statuses.Add(recording.State.Status);
        recording.Run(e => e.Saved(new RecordingFile("c/f/r.wav", 4.25)));
        statuses.Add(recording.State.Status);

        Assert.Equal([RecordingStatus.Recording, RecordingStatus.Paused, RecordingStatus.Recording, RecordingStatus.Stopping, RecordingStatus.Ended], statuses);
        Assert.Equal((4.25, $"{recording.State.Id}.wav"), (recording.State.Duration, RecordingView.Of(recording.State).Filename));
    }

    [Fact]
    public void An_ended_recording_does_not_move_back()
    {
        var recording = Recording();
        recording.Run(e => e.Saved(new RecordingFile("c/f/r.wav", 1)));

        recording.Run(e => e.Resume());
        recording.Run(e => e.Stop());

        Assert.Equal(RecordingStatus.Ended, recording.State.Status);
    }

    [Fact]
    public void A_recording_whose_audio_could_not_be_stored_has_no_file()
    {
        var recording = Recording();

        recording.Run(e => e.Saved(new RecordingFile("", 0)));

        Assert.Equal("", RecordingView.Of(recording.State).Filename);
        Assert.False(recording.State.HasFile);
    }

    [Fact]
    public void Deleting_a_recording_in_progress_is_a_conflict()
    {
        var recording = Recording();

        var error = Assert.Throws<DomainException>(() => recording.Run(e => e.Delete()));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void Deleting_an_ended_recording_sets_tm_delete_once()
    {
        var recording = Recording();
        recording.Run(e => e.Saved(new RecordingFile("c/f/r.wav", 1)));

        var first = recording.Run(e => e.Delete());
        recording.Advance(TimeSpan.FromMinutes(1));
        var second = recording.Run(e => e.Delete());

        Assert.NotEqual(Timestamps.Never, first.TmDelete);
        Assert.Equal(first.TmDelete, second.TmDelete);
    }
}
