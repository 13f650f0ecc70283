"""A LanguageTool HTTP server stand-in that replays recorded real answers.

``../shared/fixtures/languagetool/*.json`` hold request/response pairs recorded
from a LanguageTool 6.3 server. :class:`ReplayServer` serves them on
127.0.0.1 (random port, in a thread) so the LanguageTool adapter is exercised
end to end through language-tool-python's real HTTP code:

* ``GET /v2/languages`` -> ``languages.json``
* ``GET /v2/healthcheck`` -> ``OK``
* ``POST /v2/check`` -> the fixture whose request text, language and level
  match the form fields; 400 with a plain-text reason when none does (as a
  real server answers a bad request).

``mode`` makes ``/v2/check`` misbehave on purpose: ``"error500"`` (plain-text
500), ``"sleep"`` (answers after ``sleep_s``), ``"malformed"`` (200 with
truncated JSON), ``"nomatches"`` (valid JSON without ``matches``),
``"synthetic"`` (any text: one recorded-shape ``DT_DT`` match per doubled
"the the", offsets in UTF-16 units as LanguageTool counts them, to test
texts no recording covers, such as chunks of a long document).

Every request is kept in ``requests`` as ``{"method", "path", **form fields}``.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Fixture:
    name: str
    text: str
    language: str
    level: str
    status: int
    response: Any


def load_fixtures(folder: Path) -> tuple[list[Fixture], Any]:
    """The recorded check pairs and the ``/v2/languages`` answer in ``folder``."""
    fixtures = []
    languages = json.loads((folder / "languages.json").read_text(encoding="utf-8"))
    for f in sorted(folder.glob("*.json")):
        if f.name == "languages.json":
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        req = d["request"]
        fixtures.append(Fixture(d["name"], req["text"], req["language"], req.get("level", "default"),
                                d.get("status", 200), d["response"]))
    return fixtures, languages


@dataclass
class ReplayServer:
    folder: Path
    mode: str = "replay"
    sleep_s: float = 3.0
    requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fixtures, self.languages = load_fixtures(self.folder)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def fixture(self, name: str, level: str = "default") -> Fixture:
        return next(f for f in self.fixtures if f.name == name and f.level == level)

    def find(self, text: str, language: str, level: str) -> Fixture | None:
        for f in self.fixtures:
            if f.text == text and f.language.lower() == language.lower() and f.level == level:
                return f
        return None

    def checks(self) -> list[dict[str, str]]:
        return [r for r in self.requests if r["method"] == "POST"]

    def synthetic(self, text: str) -> Any:
        """A check answer flagging every doubled "the the", shaped like the recording."""
        template = next(m for f in self.fixtures if f.name == "grammar-basics" and f.level == "default"
                        for m in f.response["matches"] if m["rule"]["id"] == "DT_DT")
        matches = []
        for m in re.finditer(r"\b[Tt]he the\b", text):
            u16 = len(text[: m.start()].encode("utf-16-le")) // 2
            matches.append({**template, "offset": u16, "length": 7})
        response = dict(self.fixture("grammar-basics").response)
        response["matches"] = matches
        return response

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "ReplayServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                server.requests.append({"method": "GET", "path": path})
                if path.endswith("/v2/languages"):
                    self._send(200, json.dumps(server.languages).encode())
                elif path.endswith("/v2/healthcheck"):
                    self._send(200, b"OK", "text/plain")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
                fields = {k: v[0] for k, v in form.items()}
                server.requests.append({"method": "POST", "path": path, **fields})
                if not path.endswith("/v2/check"):
                    self._send(404, b"not found", "text/plain")
                    return
                if server.mode == "error500":
                    self._send(500, b"Error: Internal Error: java.lang.OutOfMemoryError", "text/plain")
                    return
                if server.mode == "malformed":
                    self._send(200, b'{"software": {"name": "LanguageTool"}, "matches": [{"offs')
                    return
                if server.mode == "nomatches":
                    self._send(200, b'{"software": {"name": "LanguageTool", "version": "6.3"}}')
                    return
                if server.mode == "synthetic":
                    body = server.synthetic(fields.get("text", ""))
                    self._send(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))
                    return
                if server.mode == "sleep":
                    time.sleep(server.sleep_s)
                fx = server.find(fields.get("text", ""), fields.get("language", ""), fields.get("level", "default"))
                if fx is None:
                    self._send(400, b"Error: no recorded answer for this text", "text/plain")
                    return
                self._send(fx.status, json.dumps(fx.response, ensure_ascii=False).encode("utf-8"))

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


#: A stand-in for LanguageTool's server class, so the *managed local server* path
#: (language-tool-python starting ``java -cp languagetool-server.jar
#: org.languagetool.server.HTTPServer -p PORT``, waiting on /v2/healthcheck, and
#: killing it on close) runs for real where Java is installed but LanguageTool is
#: not. It flags every doubled "the the" as DT_DT; Java strings count UTF-16 units,
#: so its offsets are exactly what a real server sends.
STUB_SERVER_JAVA = r'''
package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class HTTPServer {
    static void send(HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) { os.write(b); }
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    public static void main(String[] args) throws Exception {
        int port = 8081;
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals("-p")) port = Integer.parseInt(args[i + 1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v2/healthcheck", ex -> send(ex, 200, "OK"));
        server.createContext("/v2/languages", ex -> send(ex, 200,
            "[{\"name\":\"English (US)\",\"code\":\"en\",\"longCode\":\"en-US\"}," +
            "{\"name\":\"English (GB)\",\"code\":\"en\",\"longCode\":\"en-GB\"}]"));
        server.createContext("/v2/check", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String text = "";
            for (String kv : body.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals("text"))
                    text = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
            StringBuilder sb = new StringBuilder("{\"software\":{\"name\":\"LanguageTool\",\"version\":\"stub\"},\"matches\":[");
            Matcher m = Pattern.compile("\\b[Tt]he the\\b").matcher(text);
            boolean first = true;
            while (m.find()) {
                if (!first) sb.append(",");
                first = false;
                sb.append("{\"message\":\"Two consecutive articles\",\"replacements\":[{\"value\":\"the\"}],")
                  .append("\"offset\":").append(m.start()).append(",\"length\":7,")
                  .append("\"context\":{\"text\":\"").append(esc(m.group())).append("\",\"offset\":0,\"length\":7},")
                  .append("\"rule\":{\"id\":\"DT_DT\",\"description\":\"Two consecutive articles\",")
                  .append("\"issueType\":\"grammar\",\"category\":{\"id\":\"GRAMMAR\",\"name\":\"Grammar\"}}}");
            }
            sb.append("]}");
            send(ex, 200, sb.toString());
        });
        server.start();
    }
}
'''


def build_stub_install(folder: Path, version: str = "6.3") -> Path:
    """Compile :data:`STUB_SERVER_JAVA` into ``folder/LanguageTool-<version>/languagetool-server.jar``
    (needs ``javac`` and ``jar``); returns the install directory."""
    import subprocess

    src = folder / "stub-src" / "org" / "languagetool" / "server"
    src.mkdir(parents=True)
    (src / "HTTPServer.java").write_text(STUB_SERVER_JAVA, encoding="utf-8")
    classes = folder / "stub-classes"
    subprocess.run(["javac", "-d", str(classes), str(src / "HTTPServer.java")], check=True, capture_output=True)
    home = folder / f"LanguageTool-{version}"
    home.mkdir()
    subprocess.run(["jar", "cf", str(home / "languagetool-server.jar"), "-C", str(classes), "."],
                   check=True, capture_output=True)
    return home
