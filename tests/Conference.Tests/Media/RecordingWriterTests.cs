using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Recording;
using Conference.Storage;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Media;

[Collection("azurite")]
public sealed class RecordingWriterTests(Azurite azurite)
{
    private static readonly RecordingOptions Fast = new() { Container = "recordings", BlockDuration = TimeSpan.FromMilliseconds(500) };
    private readonly CollectingReports _reports = new();

    private RecordingWriter Writer(BlobServiceClient? blobs = null, int maxSeconds = 3600, RecordingOptions? options = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), $"customer/{Guid.NewGuid()}.wav", maxSeconds, (blobs ?? azurite.Blobs).GetBlobContainerClient("recordings"),
            options ?? Fast, _reports, NullLogger.Instance);

    private static void Append(RecordingWriter writer, double seconds, short level = 1000)
    {
        var frame = Enumerable.Repeat(level, AudioFormat.FrameSamples).ToArray();
        for (var i = 0; i < (int)(seconds * 50); i++)
        {
            writer.Append(frame);
        }
    }

    /// <summary>The blob as stored, checked by sox (which refuses a broken header) and by its own header.</summary>
    private async Task<(double SoxSeconds, short[] Samples)> ReadAsync(string blobName)
    {
        var blob = await azurite.DownloadAsync("recordings", blobName);
        Assert.NotNull(blob);
        var seconds = AudioTools.SoxSeconds(blob);
        var samples = AudioTools.ReadPcm16(blob);
        Assert.Equal(blob.Length - WavFile.HeaderBytes, samples.Length * 2);
        return (seconds, samples);
    }

    [Fact]
    public async Task A_stopped_recording_is_a_valid_wav_of_the_recorded_length()
    {
        var writer = Writer();
        Append(writer, 3.2);

        await writer.StopAsync();

        var (seconds, samples) = await ReadAsync(writer.BlobName);
        Assert.Equal(3.2, seconds, 3);
        Assert.All(samples, s => Assert.Equal(1000, s));
        var saved = Assert.Single(_reports.OfType<RecordingSaved>());
        Assert.Equal((writer.BlobName, 3.2), (saved.BlobName, Math.Round(saved.DurationSeconds, 3)));
    }

    [Fact]
    public async Task While_recording_the_blob_is_already_a_playable_wav_of_what_was_committed()
    {
        var writer = Writer();
        Append(writer, 2.2);

        await Eventually.TrueAsync(() => Task.FromResult(writer.CommittedBytes >= 4 * 16_000), TimeSpan.FromSeconds(10), "blocks were not committed while recording");

        var (seconds, _) = await ReadAsync(writer.BlobName);
        Assert.InRange(seconds, 1.0, 2.0);
        await writer.StopAsync();
    }

    [Fact]
    public async Task Paused_time_is_left_out_of_the_file()
    {
        var writer = Writer();
        Append(writer, 1, level: 100);
        writer.Paused = true;
        Append(writer, 1, level: 200);
        writer.Paused = false;
        Append(writer, 1, level: 300);

        await writer.StopAsync();

        var (seconds, samples) = await ReadAsync(writer.BlobName);
        Assert.Equal(2.0, seconds, 3);
        Assert.DoesNotContain((short)200, samples);
    }

    [Fact]
    public async Task The_recording_stops_by_itself_at_its_duration()
    {
        var writer = Writer(maxSeconds: 1);
        var frame = new short[AudioFormat.FrameSamples];
        var accepted = 0;
        for (var i = 0; i < 100 && writer.Append(frame); i++)
        {
            accepted++;
        }

        await writer.Completion;

        Assert.Equal(49, accepted);
        Assert.Equal(1.0, Assert.Single(_reports.OfType<RecordingSaved>()).DurationSeconds, 3);
        Assert.Equal(1.0, (await ReadAsync(writer.BlobName)).SoxSeconds, 3);
    }

    [Fact]
    public async Task An_unreachable_blob_endpoint_is_retried_then_reported_with_nothing_saved()
    {
        var nowhere = StorageConnection.Development(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var writer = Writer(new BlobServiceClient(nowhere.ConnectionString, StorageServices.BlobOptions()), options: Fast with { GiveUpAfter = TimeSpan.FromSeconds(1), FirstRetryDelay = TimeSpan.FromMilliseconds(50) });
        Append(writer, 1);

        await writer.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(writer.GaveUp);
        Assert.True(writer.FailedAttempts >= 1);
        var saved = Assert.Single(_reports.OfType<RecordingSaved>());
        Assert.Equal(("", 0.0), (saved.BlobName, saved.DurationSeconds));
    }

    [Fact]
    public async Task Uploads_that_fail_for_a_while_are_retried_and_nothing_is_lost()
    {
        var options = StorageServices.BlobOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(new DownForTheFirst(4), HttpPipelinePosition.PerRetry);
        var writer = Writer(new BlobServiceClient(azurite.Connection.ConnectionString, options), options: Fast with { FirstRetryDelay = TimeSpan.FromMilliseconds(50) });
        Append(writer, 2.0);

        await writer.StopAsync();

        Assert.Equal(4, writer.FailedAttempts);
        Assert.False(writer.GaveUp);
        Assert.Equal(2.0, (await ReadAsync(writer.BlobName)).SoxSeconds, 3);
    }

    /// <summary>Blob Storage that answers 503 to its first few requests (at the HTTP boundary, in front of a real Azurite).</summary>
    private sealed class DownForTheFirst(int failures) : HttpPipelinePolicy
    {
        private int _failures = failures;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new Azure.RequestFailedException(503, "Blob Storage is down for this test.")
                : ProcessNextAsync(message, pipeline);
    }
}
