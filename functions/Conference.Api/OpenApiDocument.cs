using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Conference.Core.Events;
using Conference.Core.Json;

namespace Conference.Api;

/// <summary>
/// The OpenAPI 3.1 document of the API, built from the route table (every route, with the same
/// method and path the hosts map) and <see cref="ApiDescriptions"/>; schemas come from the very
/// types the handlers read and write, through the serializer's own schema exporter, so the
/// document cannot drift from the code.
/// </summary>
public static class OpenApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static JsonObject Build()
    {
        var schemas = new JsonObject { ["Problem"] = ProblemSchema() };
        var paths = new JsonObject();
        foreach (var route in ApiRoutes.All)
        {
            var description = ApiDescriptions.ByRoute[route.Name];
            var path = "/" + route.Route;
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            item[route.Method.ToLowerInvariant()] = Operation(route, description, schemas);
        }
        paths["/" + EventsSocket.Route] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["operationId"] = "EventsWebSocket",
                ["tags"] = new JsonArray("events"),
                ["summary"] = "Live events over a WebSocket: send {\"type\":\"subscribe\",\"topics\":[\"conference:<id>\",\"conference:*\"]}; receive EventEnvelope messages.",
                ["responses"] = new JsonObject { ["101"] = new JsonObject { ["description"] = "Switching to the WebSocket protocol." }, ["401"] = ProblemResponse("No valid token.") },
            },
        };
        schemas[nameof(EventEnvelope)] = SchemaOf(typeof(EventEnvelope), nameof(EventEnvelope));
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Conference API",
                ["version"] = "v1.0",
                ["description"] = "VoIPBIN v1.0 style conferences, participants, calls and recordings. Authenticate with ?token= or Authorization: Bearer (an access key or a login token). Webhooks carry EventEnvelope bodies signed with HMAC-SHA256 over \"{X-Signature-Timestamp}.{body}\" in X-Signature.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["token"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                    ["token"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = "token" },
                    ["mediaKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = Core.Media.MediaPlaneKey.Header },
                },
            },
        };
    }

    private static JsonObject Operation(ApiRoute route, ApiDescription description, JsonObject schemas)
    {
        var parameters = new JsonArray();
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(route.Route, "{([a-z]+)}").Select(m => m.Groups[1].Value))
        {
            // v1.0 ids are UUIDs; the facades' path values are their own sids.
            parameters.Add(Parameter(name, "path", name == "id" ? new JsonObject { ["type"] = "string", ["format"] = "uuid" } : new JsonObject { ["type"] = "string" }, required: true));
        }
        if (description.Paged)
        {
            parameters.Add(Parameter("page_size", "query", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = ApiInput.MaxPageSize }));
            parameters.Add(Parameter("page_token", "query", new JsonObject { ["type"] = "string" }));
        }
        if (route.Idempotent)
        {
            parameters.Add(Parameter("Idempotency-Key", "header", new JsonObject { ["type"] = "string" }));
        }
        var responses = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "Done; the state is stored.",
                ["content"] = description.Answer is null && description.AnswerContentType == "application/json"
                    ? new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject() } }
                    : new JsonObject { [description.AnswerContentType] = new JsonObject { ["schema"] = AnswerSchema(description, schemas) } },
            },
            ["400"] = ProblemResponse("Invalid input."),
            ["404"] = ProblemResponse("Unknown id, or another customer's."),
            ["409"] = ProblemResponse("The resource's state does not allow it."),
            ["413"] = ProblemResponse("The body is too large."),
            ["429"] = ProblemResponse("Too many requests for this key; see Retry-After."),
        };
        if (route.Authenticated)
        {
            responses["401"] = ProblemResponse("No valid token.");
            responses["403"] = ProblemResponse($"The token's permission is below {route.Needs}.");
        }
        var operation = new JsonObject
        {
            ["operationId"] = route.Name,
            ["tags"] = new JsonArray(route.Route.Split('/')[1]),
            ["summary"] = description.Summary,
            ["description"] = route.Authenticated ? $"Needs a token with permission {route.Needs} or above (customer_manager < customer_admin < platform_admin)." : "",
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (route.Authenticated)
        {
            operation["x-permission"] = route.Needs;
        }
        if (description.Body is { } body)
        {
            operation["requestBody"] = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(body, schemas) } } };
        }
        if (!route.Authenticated)
        {
            operation["security"] = route.Route.StartsWith("internal/", StringComparison.Ordinal)
                ? new JsonArray(new JsonObject { ["mediaKey"] = new JsonArray() })
                : new JsonArray();
        }
        return operation;
    }

    private static JsonNode AnswerSchema(ApiDescription description, JsonObject schemas)
    {
        if (description.Answer is null)
        {
            return new JsonObject { ["type"] = "string", ["format"] = "binary" };
        }
        var item = Reference(description.Answer, schemas);
        return description.Paged
            ? new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["result"] = new JsonObject { ["type"] = "array", ["items"] = item }, ["next_page_token"] = new JsonObject { ["type"] = "string" } },
            }
            : item;
    }

    private static JsonObject Reference(Type type, JsonObject schemas)
    {
        if (!schemas.ContainsKey(type.Name))
        {
            schemas[type.Name] = SchemaOf(type, type.Name);
        }
        return new JsonObject { ["$ref"] = "#/components/schemas/" + type.Name };
    }

    /// <summary>The exporter's schema, its references to itself ("#/properties/...") rewritten to where it now lives.</summary>
    private static JsonNode SchemaOf(Type type, string name)
    {
        var schema = CoreJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        Rebase(schema, "#/components/schemas/" + name);
        return schema;
    }

    private static void Rebase(JsonNode? node, string root)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith('#'))
                {
                    obj["$ref"] = root + target[1..];
                }
                foreach (var (_, child) in obj.ToList())
                {
                    Rebase(child, root);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rebase(child, root);
                }
                break;
        }
    }

    private static JsonObject Parameter(string name, string place, JsonObject schema, bool required = false) =>
        new() { ["name"] = name, ["in"] = place, ["required"] = required, ["schema"] = schema };

    private static JsonObject ProblemResponse(string text) => new()
    {
        ["description"] = text,
        ["content"] = new JsonObject { [Problems.ContentType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
    };

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details with a stable reason code.",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["reason"] = new JsonObject { ["type"] = "string" },
            ["request_id"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
        },
    };

    /// <summary>The serialized document, made once.</summary>
    public static string Json { get; } = Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
