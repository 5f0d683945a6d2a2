using Conference.Core.Conferences;
using Conference.Core.Entities;
using Azure;
using Azure.Storage.Blobs;
using Conference.Core.Recordings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>Every /v1.0/recordings endpoint: list, get, the file itself, delete (the blob too).</summary>
public static class RecordingsApi
{
    private const string Base = "v1.0/recordings";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListRecordings", "GET", Base, (s, _) => List(s)),
        new("GetRecording", "GET", Base + "/{id}", Get),
        new("GetRecordingFile", "GET", Base + "/{id}/file", File),
        new("DeleteRecording", "DELETE", Base + "/{id}", Delete),
    ];

    private static async Task<IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", [RecordingStatus.Initiating, RecordingStatus.Recording, RecordingStatus.Paused, RecordingStatus.Stopping, RecordingStatus.Ended]));
        var page = await s.Index.ListAsync(Resources.Recording, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: true, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id) => new Ok(RecordingView.Of(await Owned(s, ApiInput.Id(id))));

    /// <summary>
    /// The WAV, streamed from Blob Storage as the client reads it. Before the recording ended the
    /// file is not final (409); a recording whose audio could not be stored has none (404).
    /// </summary>
    private static async Task<IResult> File(ApiServices s, string? id)
    {
        var recording = await Owned(s, ApiInput.Id(id));
        if (recording.Status != RecordingStatus.Ended)
        {
            throw DomainException.Conflict("RECORDING_NOT_ENDED", $"The recording is {recording.Status}; its file is ready once it has ended.");
        }
        var noFile = DomainException.NotFound("RECORDING_FILE_NOT_FOUND", "The recording has no file: nothing could be stored.");
        if (!recording.HasFile)
        {
            throw noFile;
        }
        Azure.Storage.Blobs.Models.BlobDownloadStreamingResult blob;
        try
        {
            blob = (await Blob(s, recording.BlobName).DownloadStreamingAsync(cancellationToken: s.Context.RequestAborted)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw noFile;
        }
        s.Context.Response.ContentLength = blob.Details.ContentLength;
        return Results.Stream(blob.Content, "audio/wav", $"{recording.Id}.{recording.Format}");
    }

    /// <summary>The blob goes first, so a failure part way leaves a recording that can be deleted again, never a file nobody can reach.</summary>
    private static async Task<IResult> Delete(ApiServices s, string? id)
    {
        var recordingId = ApiInput.Id(id);
        var recording = await Owned(s, recordingId);
        if (recording.Status != RecordingStatus.Ended)
        {
            throw DomainException.Conflict("RECORDING_ACTIVE", $"The recording is {recording.Status}; stop it before deleting it.");
        }
        await Blob(s, recording.BlobName).DeleteIfExistsAsync(cancellationToken: s.Context.RequestAborted);
        var view = await s.Entities.CallAsync(EntityId.Recording(recordingId), nameof(RecordingEntity.Delete), cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    private static async Task<RecordingState> Owned(ApiServices s, Guid id)
    {
        var recording = await s.OwnedAsync<RecordingState>(EntityId.Recording(id), r => r.CustomerId, "RECORDING_NOT_FOUND");
        return recording.TmDelete is null ? recording : throw DomainException.NotFound("RECORDING_NOT_FOUND", $"No recording {id}.");
    }

    private static BlobClient Blob(ApiServices s, string name) => s.Context.RequestServices.GetRequiredService<BlobServiceClient>()
        .GetBlobContainerClient(s.Context.RequestServices.GetRequiredService<ApiOptions>().RecordingsContainer).GetBlobClient(name);
}
