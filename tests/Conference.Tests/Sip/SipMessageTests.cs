using System.Text;
using Conference.Media.Sip;
using FsCheck;
using FsCheck.Fluent;

namespace Conference.Tests.Sip;

public sealed class SipMessageTests
{
    private static SipMessage Parse(string text) => SipMessage.Parse(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n")));

    private const string Options = """
        OPTIONS sip:conference@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-a, SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK-b
        Via: SIP/2.0/UDP 10.0.0.3;branch=z9hG4bK-c
        From: "A, B" <sip:a@x>;tag=1
        To: <sip:conference@127.0.0.1>
        Call-ID: abc@x
        CSeq: 7 OPTIONS
        Subject: first part
         continued on the next line
        Content-Length: 0


        """;

    [Fact]
    public void Comma_joined_vias_are_split_folded_lines_joined_and_quoted_commas_kept()
    {
        var message = Parse(Options);

        Assert.Equal(["z9hG4bK-a", "z9hG4bK-b", "z9hG4bK-c"], message.All("Via").Select(v => SipVia.Parse(v)!.Branch));
        Assert.Equal("first part continued on the next line", message["Subject"]);
        Assert.Equal((7u, "OPTIONS"), message.CSeq);
        Assert.Equal("1", message.FromTag);
        Assert.Equal("sip:a@x", SipHeaderValue.Uri(message["From"]!));
    }

    [Fact]
    public void Compact_names_mean_the_full_headers_and_names_are_case_blind()
    {
        var message = Parse("""
            BYE sip:x@y SIP/2.0
            v: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK-1;rport
            f: <sip:a@x>;tag=9
            t: <sip:b@y>;tag=8
            i: call-1
            cSEQ: 2 BYE
            l: 0


            """);

        Assert.Equal(("call-1", "9", "8"), (message.CallId, message.FromTag, message.ToTag));
        Assert.True(message.TopVia!.Rport);
        Assert.Equal(5060, message.TopVia.Port);
    }

    [Fact]
    public void What_it_writes_it_reads_back()
    {
        var message = SipMessage.Request("INVITE", "sip:direct.0123456789ab@127.0.0.1")
            .Add("Via", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-x").Add("From", "<sip:a@x>;tag=1").Add("To", "<sip:b@y>")
            .Add("Call-ID", "c").Add("CSeq", "1 INVITE");
        message.Body = Encoding.ASCII.GetBytes("v=0\r\n");

        var again = SipMessage.Parse(message.ToBytes());
        Assert.Equal(("INVITE", "sip:direct.0123456789ab@127.0.0.1", "v=0\r\n", "5"),
            (again.Method, again.RequestUri, Encoding.ASCII.GetString(again.Body), again["Content-Length"]));
    }

    [Theory]
    [InlineData("hello\r\n\r\n")]
    [InlineData("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK-1\r\n\r\n")]
    [InlineData("SIP/2.0 99 Too Low\r\nVia: SIP/2.0/UDP a\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n")]
    [InlineData("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP a\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: one INVITE\r\n\r\n")]
    [InlineData("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP a\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("INVITE sip:x@y SIP/2.0\r\nno colon here\r\n\r\n")]
    [InlineData("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP a")]
    public void Malformed_messages_are_refused_with_a_parse_error(string text)
    {
        Assert.Throws<SipParseException>(() => SipMessage.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void No_datagram_makes_the_parser_fail_with_anything_but_a_parse_error()
    {
        var valid = Encoding.UTF8.GetBytes(Options.Replace("\n", "\r\n"));
        var mutated = Gen.Choose(0, valid.Length - 1).Two().Select(pair => Mutate(valid, pair.Item1, pair.Item2));
        var random = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Prop.ForAll(Gen.OneOf(mutated, random).ToArbitrary(), bytes =>
        {
            try
            {
                SipMessage.Parse(bytes);
            }
            catch (SipParseException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Mutate(byte[] valid, int at, int length)
    {
        var copy = valid.ToArray();
        var end = Math.Min(copy.Length, at + length % 16);
        for (var i = at; i < end; i++)
        {
            copy[i] = (byte)(copy[i] ^ (0x5A + i));
        }
        return length % 3 == 0 ? copy[..at] : copy;
    }
}
