using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Core.Recordings;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

/// <summary>What the entities decide when the media host loses what they had on it (it restarted, or went away).</summary>
public sealed class MediaRecoveryTests
{
    [Fact]
    public void A_lost_room_ends_every_participant_and_the_recording_and_a_live_conference_gets_its_room_again()
    {
        var conference = Harnesses.Conference();
        var first = conference.Join();
        var second = conference.Join();
        var recording = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;
        conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"])));

        conference.Run(e => e.RoomLost());

        Assert.Equal(new[] { first, second }.Order(), conference.Signals(nameof(ConferencecallEntity.MediaLost)).Select(s => Guid.Parse(s.Target.Key)).Order());
        var stop = Assert.Single(conference.Media<StopRecording>());
        Assert.Equal((recording, $"{Harnesses.Customer}/{conference.State.Id}/{recording}.wav"), (stop.RecordingId, stop.BlobName));
        Assert.Equal(EntityId.Recording(recording), Assert.Single(conference.Signals(nameof(RecordingEntity.Stop)), s => s.Target.Name == EntityNames.Recording).Target);
        Assert.Equal(Guid.Empty, conference.State.RecordingId);
        Assert.Equal(Guid.Empty, conference.State.TranscribeId);
        Assert.Single(conference.Media<StopTranscription>());
        Assert.Equal(conference.State.DirectHash, Assert.Single(conference.Media<CreateRoom>()).DirectHash);
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
        Assert.Contains(conference.Effects.OfType<PublishEffect>(), p => p.Event.Type == EventTypes.ConferenceUpdated);
    }

    [Fact]
    public void A_recording_already_stopping_when_the_room_is_lost_is_asked_again_for_what_was_committed()
    {
        var conference = Harnesses.Conference();
        var recording = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;
        conference.Run(e => e.RecordingStop());

        conference.Run(e => e.RoomLost());

        Assert.Equal(recording, Assert.Single(conference.Media<StopRecording>()).RecordingId);
        Assert.Empty(conference.Signals(nameof(RecordingEntity.Stop)));
    }

    [Fact]
    public void A_save_reported_twice_is_told_once()
    {
        var conference = Harnesses.Conference();
        var recording = conference.Run(e => e.RecordingStart(new RecordingStartRequest())).RecordingId;
        conference.Run(e => e.RecordingSaved(new RecordingSavedReport(recording, "f.wav", 3)));

        conference.Run(e => e.RecordingSaved(new RecordingSavedReport(recording, "f.wav", 3)));

        Assert.Empty(conference.Effects);
    }

    [Fact]
    public void A_lost_room_of_a_terminated_conference_changes_nothing_and_a_terminating_one_gets_no_new_room()
    {
        var ended = Harnesses.Conference();
        ended.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        ended.Run(e => e.RoomLost());
        Assert.Empty(ended.Effects);

        var ending = Harnesses.Conference();
        var participant = ending.Join();
        ending.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        ending.Run(e => e.RoomLost());
        Assert.Empty(ending.Media<CreateRoom>());
        Assert.Single(ending.Signals(nameof(ConferencecallEntity.MediaLost)));

        ending.Report(participant, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Terminated, ending.State.Status);
    }

    [Fact]
    public void A_participant_whose_media_is_lost_has_left_with_media_lost_and_one_being_kicked_keeps_its_reason()
    {
        var joined = Harnesses.Conferencecall();
        joined.Run(e => e.Joined());
        joined.Run(e => e.MediaLost());
        Assert.Equal((ConferencecallStatus.Leaved, ConferencecallEntity.LeaveReasons.MediaLost), (joined.State.Status, joined.State.LeaveReason));

        var kicked = Harnesses.Conferencecall();
        kicked.Run(e => e.Joined());
        kicked.Run(e => e.Kick());
        kicked.Run(e => e.MediaLost());
        Assert.Equal((ConferencecallStatus.Leaved, ConferencecallEntity.LeaveReasons.Kicked), (kicked.State.Status, kicked.State.LeaveReason));

        kicked.Run(e => e.MediaLost());
        Assert.Empty(kicked.Effects);
    }

    [Fact]
    public void A_participant_still_joining_after_the_join_timeout_is_removed_by_the_health_check()
    {
        var participant = Harnesses.Conferencecall();
        participant.Advance(HealthCheck.JoinTimeout - TimeSpan.FromSeconds(1));
        participant.Run(e => e.HealthCheck(null));
        Assert.Equal(0, participant.State.HealthMisses);

        participant.Advance(TimeSpan.FromSeconds(1));
        for (var check = 0; check <= HealthCheck.Retries; check++)
        {
            participant.Run(e => e.HealthCheck(null));
        }

        Assert.Equal(ConferencecallStatus.Leaving, participant.State.Status);
        Assert.Equal(ConferencecallEntity.LeaveReasons.HealthCheck, participant.State.LeaveReason);
    }

    [Fact]
    public void A_leg_the_media_host_does_not_know_is_removed_within_the_usual_window()
    {
        var participant = Harnesses.Conferencecall();
        participant.Run(e => e.Joined());

        participant.Run(e => e.MediaLiveness(false));
        participant.Run(e => e.HealthCheck(null));
        participant.Run(e => e.HealthCheck(null));
        Assert.Equal(ConferencecallStatus.Joined, participant.State.Status);
        participant.Run(e => e.HealthCheck(null));

        Assert.Equal(ConferencecallStatus.Leaving, participant.State.Status);
    }
}
