using Conference.Durable;

namespace Conference.Functions.Tests;

public sealed class CompactJsonTests
{
    [Fact]
    public void Short_json_is_kept_as_it_is()
    {
        const string json = """[{"effect":"publish","id":"x"}]""";

        Assert.Same(json, CompactJson.Pack(json));
        Assert.Same(json, CompactJson.Unpack(json));
    }

    [Fact]
    public void Long_json_is_packed_smaller_and_unpacks_to_the_same_text()
    {
        var conference = Guid.NewGuid();
        var json = "[" + string.Join(",", Enumerable.Range(0, 400).Select(i => $$"""{"effect":"publish","conference_id":"{{conference}}","status":"progressing","name":"room {{i}}"}""")) + "]";

        var packed = CompactJson.Pack(json);

        Assert.True(json.Length > CompactJson.Threshold);
        Assert.True(packed.Length < json.Length / 2, $"{packed.Length} of {json.Length}");
        Assert.Equal(json, CompactJson.Unpack(packed));
    }
}
