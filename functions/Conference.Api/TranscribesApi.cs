using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Transcribes;

namespace Conference.Api;

/// <summary>
/// Every /v1.0/transcribes and /v1.0/transcripts endpoint: transcribes listed, read and deleted (their
/// transcripts too), and the transcripts of one transcribe.
/// </summary>
public static class TranscribesApi
{
    private const string Base = "v1.0/transcribes";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("ListTranscribes", "GET", Base, (s, _) => List(s)),
        new("GetTranscribe", "GET", Base + "/{id}", Get),
        new("DeleteTranscribe", "DELETE", Base + "/{id}", Delete),
        new("ListTranscripts", "GET", "v1.0/transcripts", (s, _) => Transcripts(s)),
    ];

    private static async Task<Microsoft.AspNetCore.Http.IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", [TranscribeStatus.Progressing, TranscribeStatus.Done]));
        if (s.Context.Request.Query["reference_id"].ToString() is { Length: > 0 } conference)
        {
            filters["reference_id"] = ApiInput.Id(conference).ToString();
        }
        var page = await s.Index.ListAsync(Resources.Transcribe, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: true, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<Microsoft.AspNetCore.Http.IResult> Get(ApiServices s, string? id) => new Ok(TranscribeView.Of(await Owned(s, ApiInput.Id(id))));

    /// <summary>
    /// The transcripts go first, so a failure part way leaves a transcribe that can be deleted again,
    /// never transcripts nobody can reach or remove.
    /// </summary>
    private static async Task<Microsoft.AspNetCore.Http.IResult> Delete(ApiServices s, string? id)
    {
        var transcribeId = ApiInput.Id(id);
        var transcribe = await Owned(s, transcribeId);
        if (transcribe.Status != TranscribeStatus.Done)
        {
            throw DomainException.Conflict("TRANSCRIBE_ACTIVE", "The transcription is progressing; stop it before deleting it.");
        }
        await s.Index.DeleteWhereAsync(Resources.Transcript, s.Customer, new Dictionary<string, string> { ["transcribe_id"] = transcribeId.ToString() },
            s.Context.RequestAborted);
        var view = await s.Entities.CallAsync(EntityId.Transcribe(transcribeId), nameof(TranscribeEntity.Delete), cancellationToken: s.Context.RequestAborted);
        return new Ok(view!);
    }

    /// <summary><c>GET /transcripts?transcribe_id=</c>: one transcribe's transcripts, newest first, with the usual paging.</summary>
    private static async Task<Microsoft.AspNetCore.Http.IResult> Transcripts(ApiServices s)
    {
        var given = s.Context.Request.Query["transcribe_id"].ToString();
        if (given.Length == 0)
        {
            throw ApiInputException.Invalid("MISSING_TRANSCRIBE_ID", "'transcribe_id' is required: the transcribe whose transcripts to list.");
        }
        var transcribeId = ApiInput.Id(given);
        await Owned(s, transcribeId);
        var filters = new Dictionary<string, string> { ["transcribe_id"] = transcribeId.ToString() };
        if (s.Context.Request.Query["conferencecall_id"].ToString() is { Length: > 0 } participant)
        {
            filters["conferencecall_id"] = ApiInput.Id(participant).ToString();
        }
        var page = await s.Index.ListAsync(Resources.Transcript, s.Customer, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<TranscribeState> Owned(ApiServices s, Guid id)
    {
        var transcribe = await s.OwnedAsync<TranscribeState>(EntityId.Transcribe(id), t => t.CustomerId, "TRANSCRIBE_NOT_FOUND");
        return transcribe.TmDelete is null ? transcribe : throw DomainException.NotFound("TRANSCRIBE_NOT_FOUND", $"No transcribe {id}.");
    }
}
