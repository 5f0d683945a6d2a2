using System.Text;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class BlobClientTests(Azurite azurite)
{
    private readonly BlobClient _blobs = new(azurite.Account);

    private async Task<string> NewContainerAsync()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..12];
        await _blobs.CreateContainerIfNotExistsAsync(name);
        await _blobs.CreateContainerIfNotExistsAsync(name);
        return name;
    }

    [Fact]
    public async Task Put_then_get_returns_the_bytes_and_content_type()
    {
        var container = await NewContainerAsync();
        await _blobs.PutAsync(container, "a/b c.bin", new byte[] { 0, 1, 2, 255 }, "application/x-test");
        var blob = await _blobs.GetAsync(container, "a/b c.bin");
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, blob!.Content);
        Assert.Equal("application/x-test", blob.ContentType);
    }

    [Fact]
    public async Task Get_and_delete_of_a_missing_blob_say_so()
    {
        var container = await NewContainerAsync();
        Assert.Null(await _blobs.GetAsync(container, "none"));
        Assert.False(await _blobs.DeleteAsync(container, "none"));
    }

    [Fact]
    public async Task Delete_removes_the_blob()
    {
        var container = await NewContainerAsync();
        await _blobs.PutAsync(container, "x", new byte[] { 1 }, "application/octet-stream");
        Assert.True(await _blobs.DeleteAsync(container, "x"));
        Assert.Null(await _blobs.GetAsync(container, "x"));
    }

    [Fact]
    public async Task Staged_blocks_become_the_blob_as_the_list_grows_and_the_first_block_can_be_replaced()
    {
        var container = await NewContainerAsync();
        await _blobs.StageBlockAsync(container, "rec.wav", BlockId.For(0), Encoding.ASCII.GetBytes("HDR1"));
        await _blobs.StageBlockAsync(container, "rec.wav", BlockId.For(1), Encoding.ASCII.GetBytes("aaaa"));
        await _blobs.CommitBlockListAsync(container, "rec.wav", [BlockId.For(0), BlockId.For(1)], "audio/wav");
        Assert.Equal("HDR1aaaa", Encoding.ASCII.GetString((await _blobs.GetAsync(container, "rec.wav"))!.Content));

        await _blobs.StageBlockAsync(container, "rec.wav", BlockId.For(2), Encoding.ASCII.GetBytes("bbbb"));
        await _blobs.StageBlockAsync(container, "rec.wav", BlockId.For(3), Encoding.ASCII.GetBytes("HDR2"));
        await _blobs.CommitBlockListAsync(container, "rec.wav", [BlockId.For(3), BlockId.For(1), BlockId.For(2)], "audio/wav");

        var blob = await _blobs.GetAsync(container, "rec.wav");
        Assert.Equal("HDR2aaaabbbb", Encoding.ASCII.GetString(blob!.Content));
        Assert.Equal("audio/wav", blob.ContentType);
    }

    [Fact]
    public async Task Block_ids_of_different_lengths_are_refused()
    {
        var container = await NewContainerAsync();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _blobs.CommitBlockListAsync(container, "x", [Convert.ToBase64String([1]), Convert.ToBase64String([1, 2, 3, 4])], "audio/wav"));
    }

    [Fact]
    public async Task List_returns_only_blobs_under_the_prefix()
    {
        var container = await NewContainerAsync();
        await _blobs.PutAsync(container, "cust1/a.wav", new byte[3], "audio/wav");
        await _blobs.PutAsync(container, "cust1/b.wav", new byte[5], "audio/wav");
        await _blobs.PutAsync(container, "cust2/c.wav", new byte[1], "audio/wav");
        var items = await _blobs.ListAsync(container, "cust1/");
        Assert.Equal(["cust1/a.wav", "cust1/b.wav"], items.Select(i => i.Name).Order());
        Assert.Equal(5, items.Single(i => i.Name == "cust1/b.wav").Length);
    }
}
