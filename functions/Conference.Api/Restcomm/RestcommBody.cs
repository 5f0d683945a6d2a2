using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Restcomm;

/// <summary>
/// A Restcomm answer: JSON when the path ends in <c>.json</c>, otherwise Restcomm's XML
/// (<c>&lt;RestcommResponse&gt;</c>, elements named in Pascal case, a list's paging as attributes
/// of the list element and each item named by the list's singular).
/// </summary>
public sealed record RestcommBody(JsonObject Value, bool Json, string? ListName = null, string? ItemName = null, int Status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => Json
        ? Results.Json(Value, contentType: "application/json", statusCode: Status).ExecuteAsync(httpContext)
        : Results.Text(new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("RestcommResponse", Xml())).ToString(), "application/xml", statusCode: Status)
            .ExecuteAsync(httpContext);

    private XElement Xml()
    {
        if (ListName is null || ItemName is null)
        {
            return Element(ItemName ?? "Resource", Value);
        }
        var list = new XElement(Pascal(ListName));
        foreach (var (name, value) in Value)
        {
            if (name == ListName)
            {
                list.Add(value!.AsArray().Select(item => Element(ItemName, item!.AsObject())));
            }
            else
            {
                list.SetAttributeValue(name.Replace("_", ""), value!.ToString());
            }
        }
        return list;
    }

    private static XElement Element(string name, JsonObject value) =>
        new(name, value.Select(p => p.Value is JsonObject inner
            ? Element(Pascal(p.Key), inner)
            : new XElement(Pascal(p.Key), p.Value is null ? "" : p.Value.GetValueKind() == System.Text.Json.JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString())));

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
