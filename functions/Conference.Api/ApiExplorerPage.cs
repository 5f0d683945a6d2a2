namespace Conference.Api;

/// <summary>
/// <c>GET /docs</c>: a page to try the API from a browser. It reads <c>/openapi/v1.json</c>, lists
/// every operation, and sends a request with the token, id, query and body typed in, showing the
/// answer. No third-party script: the page and its script are served by the API itself, so the
/// content security policy can stay at <c>'self'</c>.
/// </summary>
public static class ApiExplorerPage
{
    public const string Path = "/docs";
    public const string ScriptPath = "/docs/explorer.js";

    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Conference API</title>
        <link rel="stylesheet" href="/docs/explorer.css">
        </head>
        <body>
        <h1>Conference API</h1>
        <p>Every operation of <a href="/openapi/v1.json">/openapi/v1.json</a>. Paste an access key or a login token, pick an operation, send.</p>
        <label>Token <input id="token" size="60" autocomplete="off"></label>
        <div id="operations"></div>
        <script src="/docs/explorer.js"></script>
        </body>
        </html>
        """;

    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; }
        details { border: 1px solid #ccc; border-radius: 4px; margin: .4em 0; padding: .4em .8em; }
        summary { cursor: pointer; }
        .method { display: inline-block; width: 4.5em; font-weight: bold; font-family: monospace; }
        textarea { width: 100%; height: 8em; font-family: monospace; }
        pre { background: #f4f4f4; padding: .6em; overflow: auto; max-height: 30em; }
        input { font-family: monospace; }
        """;

    public const string Script = """
        "use strict";
        const el = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };
        function example(schema, spec, depth = 0) {
          if (!schema || depth > 4) return null;
          if (schema.$ref) return example(spec.components.schemas[schema.$ref.split("/").pop()], spec, depth + 1);
          const type = Array.isArray(schema.type) ? schema.type.find(t => t !== "null") : schema.type;
          if (type === "object" && schema.properties) {
            const o = {}; for (const [k, v] of Object.entries(schema.properties)) o[k] = example(v, spec, depth + 1); return o;
          }
          if (type === "array") return [];
          if (type === "integer" || type === "number") return 0;
          if (type === "boolean") return false;
          return type === "string" ? "" : null;
        }
        async function send(method, path, op, form, out) {
          let url = path.replace("{id}", encodeURIComponent(form.id?.value ?? ""));
          const query = form.query.value.trim();
          if (query) url += "?" + query;
          const headers = {};
          const token = document.getElementById("token").value.trim();
          if (token) headers["Authorization"] = "Bearer " + token;
          const init = { method, headers };
          if (form.body) { headers["Content-Type"] = "application/json"; init.body = form.body.value; }
          out.textContent = "…";
          try {
            const response = await fetch(url, init);
            const type = response.headers.get("content-type") ?? "";
            const text = type.includes("json") ? JSON.stringify(await response.json(), null, 2) : `(${type}, ${(await response.arrayBuffer()).byteLength} bytes)`;
            out.textContent = `${response.status} ${response.statusText}\n${text}`;
          } catch (e) { out.textContent = String(e); }
        }
        (async () => {
          const spec = await (await fetch("/openapi/v1.json")).json();
          const list = document.getElementById("operations");
          for (const [path, item] of Object.entries(spec.paths)) {
            for (const [method, op] of Object.entries(item)) {
              const form = { query: el("input", { size: 50, placeholder: "page_size=10&status=progressing" }) };
              if (path.includes("{id}")) form.id = el("input", { size: 40, placeholder: "id" });
              const schema = op.requestBody?.content?.["application/json"]?.schema;
              if (schema) form.body = el("textarea", { value: JSON.stringify(example(schema, spec), null, 2) });
              const out = el("pre");
              const button = el("button", { type: "button" }, "Send");
              button.addEventListener("click", () => send(method.toUpperCase(), path, op, form, out));
              const fields = [form.id && el("p", {}, "id ", form.id), el("p", {}, "query ", form.query), form.body && el("p", {}, "body", form.body)].filter(Boolean);
              list.append(el("details", {}, el("summary", {}, el("span", { className: "method" }, method.toUpperCase()), " ", path, " — ", op.summary ?? ""),
                ...fields, button, out));
            }
          }
        })();
        """;
}
