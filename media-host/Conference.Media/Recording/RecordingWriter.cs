using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Reports;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Conference.Storage;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Recording;

public sealed record RecordingOptions
{
    public string Container { get; init; } = "recordings";

    /// <summary>Audio per staged block: what a crash of the media host can lose at most, plus one upload.</summary>
    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long uploads may keep failing (audio buffering in memory meanwhile) before the recording is given up.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A room's mix streamed to a block blob as it happens. The clock appends frames; every
/// <see cref="RecordingOptions.BlockDuration"/> a block is handed to an upload loop that stages it
/// and commits the list again behind a fresh 44-byte WAV header giving the length committed so far,
/// so the blob is a playable WAV after every commit and a crash loses at most the last block.
/// Uploads that fail are retried with backoff while audio keeps buffering; after
/// <see cref="RecordingOptions.GiveUpAfter"/> of failure the recording ends with what was committed.
/// Paused time is not written. The recording stops by itself at its duration.
/// </summary>
public sealed class RecordingWriter
{
    /// <summary>Header block ids sort after any data block id and are as long (12 digits).</summary>
    private const long HeaderIds = 900_000_000_000;

    private readonly BlobContainerClient _container;
    private readonly BlockBlobClient _blob;
    private readonly RecordingOptions _options;
    private readonly IReportSink _reports;
    private readonly ILogger _logger;
    private readonly Channel<(byte[] Buffer, int Length)> _blocks = Channel.CreateUnbounded<(byte[], int)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _gate = new();
    private readonly int _blockBytes;
    private readonly long _maxSamples;
    private byte[] _current;
    private int _filled;
    private long _samples;
    private bool _finished;

    public RecordingWriter(Guid roomId, Guid recordingId, string blobName, int maxDurationSeconds, BlobContainerClient container, RecordingOptions options, IReportSink reports, ILogger logger)
    {
        RoomId = roomId;
        RecordingId = recordingId;
        BlobName = blobName;
        _container = container;
        _blob = container.GetBlockBlobClient(blobName);
        _options = options;
        _reports = reports;
        _logger = logger;
        _blockBytes = (int)(options.BlockDuration.TotalSeconds * AudioFormat.SampleRate) / AudioFormat.FrameSamples * AudioFormat.FrameBytes;
        _maxSamples = (long)Math.Min(maxDurationSeconds, 86_400) * AudioFormat.SampleRate;
        _current = ArrayPool<byte>.Shared.Rent(_blockBytes);
        Completion = Task.Run(UploadAsync);
    }

    public Guid RoomId { get; }
    public Guid RecordingId { get; }
    public string BlobName { get; }
    public volatile bool Paused;

    /// <summary>Ends when the last commit is done (or given up) and the report is sent.</summary>
    public Task Completion { get; }

    public long CommittedBytes { get; private set; }
    public long FailedAttempts { get; private set; }
    public bool GaveUp { get; private set; }

    /// <summary>Appends one frame of the mix (clock thread); false once the recording has finished.</summary>
    public bool Append(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return false;
            }
            if (Paused)
            {
                return true;
            }
            var bytes = MemoryMarshal.AsBytes(frame);
            bytes.CopyTo(_current.AsSpan(_filled));
            _filled += bytes.Length;
            _samples += frame.Length;
            if (_filled + bytes.Length > _blockBytes)
            {
                HandOff();
            }
            if (_samples >= _maxSamples)
            {
                FinishLocked();
                return false;
            }
            return true;
        }
    }

    /// <summary>Stops recording: what is buffered is uploaded, the list committed a last time, and the save reported.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            FinishLocked();
        }
        return Completion;
    }

    private void FinishLocked()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        if (_filled > 0)
        {
            HandOff();
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_current);
        }
        _blocks.Writer.TryComplete();
    }

    private void HandOff()
    {
        _blocks.Writer.TryWrite((_current, _filled));
        _filled = 0;
        _current = _finished ? [] : ArrayPool<byte>.Shared.Rent(_blockBytes);
    }

    private async Task UploadAsync()
    {
        var committed = new List<string>();
        long stagedBytes = 0;
        var commits = 0L;
        await RetryAsync("create the container", () => _container.CreateIfNotExistsAsync());
        await foreach (var (buffer, length) in _blocks.Reader.ReadAllAsync())
        {
            try
            {
                if (GaveUp)
                {
                    continue;
                }
                var id = BlockList.IdFor(committed.Count + 1);
                if (!await RetryAsync("stage a block", () => _blob.StageBlockAsync(id, new MemoryStream(buffer, 0, length, writable: false))))
                {
                    continue;
                }
                committed.Add(id);
                stagedBytes += length;
                var header = BlockList.IdFor(HeaderIds + ++commits);
                var total = stagedBytes;
                if (await RetryAsync("commit the block list", async () =>
                    {
                        await _blob.StageBlockAsync(header, new MemoryStream(WavFile.Header(total), writable: false));
                        await BlockList.CommitAsync(_blob, [header, .. committed], "audio/wav");
                    }))
                {
                    CommittedBytes = total;
                }
            }
            finally
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        var duration = CommittedBytes / (double)(AudioFormat.SampleRate * sizeof(short));
        if (GaveUp)
        {
            _logger.LogError("Recording {Recording} gave up after uploads failed for {Limit}; {Seconds:F1} s were saved in {Blob}", RecordingId, _options.GiveUpAfter, duration, BlobName);
        }
        _reports.Report(new RecordingSaved(Guid.NewGuid(), RoomId, RecordingId, CommittedBytes > 0 ? BlobName : "", duration));
    }

    /// <summary>Runs <paramref name="action"/> until it works or uploads have been failing for too long (then the recording gives up).</summary>
    private async Task<bool> RetryAsync(string what, Func<Task> action)
    {
        var delay = _options.FirstRetryDelay;
        var failingSince = DateTime.UtcNow;
        while (true)
        {
            try
            {
                await action();
                return true;
            }
            catch (Exception e)
            {
                FailedAttempts++;
                _logger.LogWarning("Recording {Recording} could not {What} ({Error}); retrying in {Delay}", RecordingId, what, e.Message, delay);
                if (DateTime.UtcNow - failingSince >= _options.GiveUpAfter)
                {
                    GaveUp = true;
                    return false;
                }
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
        }
    }
}
