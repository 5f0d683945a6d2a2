using Conference.Core.Media;
using Conference.Media;
using Conference.Media.Audio;
using Conference.Media.Prompts;
using Conference.Media.Recording;
using Conference.Media.Rooms;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Media;

/// <summary>A recording that ran on a media host that is gone: the media host that follows reports what was committed to its file.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecordingRecoveryTests(Azurite azurite)
{
    private static readonly RecordingOptions Fast = new() { Container = "recordings", BlockDuration = TimeSpan.FromMilliseconds(500) };

    private Confbridge NewMediaHost(CollectingReports reports) => new(new RoomClock(NullLogger.Instance, 1), reports, azurite.Blobs, Fast,
        new PromptLoader(new HttpClient(), new SpeechSynthesizer()), NullLogger<Confbridge>.Instance);

    private static async Task<RecordingSaved> SavedAsync(CollectingReports reports)
    {
        await Eventually.TrueAsync(() => Task.FromResult(reports.OfType<RecordingSaved>().Count > 0), TimeSpan.FromSeconds(10), "No save was reported.");
        return Assert.Single(reports.OfType<RecordingSaved>());
    }

    [Fact]
    public async Task A_stop_for_a_recording_this_media_host_never_had_reports_the_committed_length_of_its_file()
    {
        var (room, recording, blob) = (Guid.NewGuid(), Guid.NewGuid(), $"customer/{Guid.NewGuid()}.wav");
        var writer = new RecordingWriter(room, recording, blob, 3600, azurite.Blobs.GetBlobContainerClient("recordings"), Fast, new CollectingReports(), NullLogger.Instance);
        var frame = Enumerable.Repeat((short)500, AudioFormat.FrameSamples).ToArray();
        for (var i = 0; i < 150; i++)
        {
            writer.Append(frame);
        }
        await writer.StopAsync();
        var reports = new CollectingReports();
        await using var restarted = NewMediaHost(reports);

        await restarted.HandleAsync(new MediaCommandEnvelope(Guid.NewGuid(), new StopRecording(room, recording, blob)));

        var saved = await SavedAsync(reports);
        Assert.Equal((room, recording, blob), (saved.RoomId, saved.RecordingId, saved.BlobName));
        Assert.Equal(3.0, saved.DurationSeconds, 3);
        Assert.Equal(3.0, AudioTools.SoxSeconds((await azurite.DownloadAsync("recordings", blob))!), 3);
    }

    [Fact]
    public async Task A_stop_for_a_recording_with_no_file_reports_it_saved_with_nothing_and_a_repeat_reports_nothing_more()
    {
        var reports = new CollectingReports();
        await using var mediaHost = NewMediaHost(reports);
        var stop = new StopRecording(Guid.NewGuid(), Guid.NewGuid(), $"customer/{Guid.NewGuid()}.wav");

        await mediaHost.HandleAsync(new MediaCommandEnvelope(Guid.NewGuid(), stop));
        var saved = await SavedAsync(reports);
        await mediaHost.HandleAsync(new MediaCommandEnvelope(Guid.NewGuid(), stop));
        await Task.Delay(300);

        Assert.Equal(("", 0.0), (saved.BlobName, saved.DurationSeconds));
        Assert.Single(reports.OfType<RecordingSaved>());
    }
}
