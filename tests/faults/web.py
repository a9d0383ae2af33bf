"""A person's browser over plain HTTP, for a site behind a TLS proxy: every request says
``X-Forwarded-Proto: https`` as the proxy would, cookies (Secure ones included) are kept and sent
back, redirects are followed, and forms are filled and sent as the page draws them (hidden fields
and the CSRF token included, the button chosen by its text). No JavaScript, as the pages need
none."""

import html
import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

TEXT_INPUTS = {"text", "email", "tel", "date", "number", "password", "search", "hidden", "url"}


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # (name, value, checked) of each checkbox and radio button
    choices: list[tuple[str, str, bool]] = field(default_factory=list)
    # (text, name, value) of each submit button
    buttons: list[tuple[str, str, str]] = field(default_factory=list)

    def button(self, text: str) -> tuple[str, str, str] | None:
        return next((b for b in self.buttons if b[0] == text), None)


@dataclass
class Page:
    url: str
    status: int
    text: str  # entities decoded, as a person reads it (markup kept)
    forms: list[Form]
    links: list[tuple[str, str]]  # (text, href)

    def form(self, button: str) -> Form:
        found = [form for form in self.forms if form.button(button)]
        assert len(found) == 1, f"{len(found)} forms with « {button} » on {self.url}"
        return found[0]

    def link(self, text: str) -> str:
        found = [href for label, href in self.links if label == text]
        assert found, f"no link « {text} » on {self.url}: {self.links}"
        return found[0]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[tuple[str, str]] = []
        self._form: Form | None = None
        self._text: list[str] | None = None  # inside <a>, <button>, <textarea> or <option>
        self._element: dict[str, str] = {}
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag in {"a", "button", "textarea", "option"}:
            self._element, self._text = a, []
        elif tag == "select":
            self._select, self._options = a.get("name", ""), []
        elif tag == "input" and self._form is not None and "name" in a:
            kind = a.get("type", "text").lower()
            if kind in TEXT_INPUTS:
                self._form.fields.append((a["name"], a.get("value", "")))
            elif kind in {"checkbox", "radio"}:
                self._form.choices.append((a["name"], a.get("value", "on"), "checked" in a))
            elif kind == "submit":
                self._form.buttons.append((a.get("value", ""), a["name"], a.get("value", "")))

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text or []).split())
        if tag == "form":
            self._form = None
        elif tag == "a" and self._text is not None:
            self.links.append((text, self._element.get("href", "")))
        elif tag == "button" and self._form is not None:
            if self._element.get("type", "submit") == "submit":
                name = self._element.get("name", "")
                self._form.buttons.append((text, name, self._element.get("value", "")))
        elif tag == "textarea" and self._form is not None:
            self._form.fields.append((self._element.get("name", ""), "".join(self._text or [])))
        elif tag == "option" and self._select is not None:
            value = self._element.get("value", text)
            self._options.append((value, "selected" in self._element))
        elif tag == "select" and self._form is not None and self._select:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self._form.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None
        if tag in {"a", "button", "textarea", "option"}:
            self._text = None


class Browser:
    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"  # what the person's address bar shows
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def open(self, url: str, method: str = "GET", body: str = "") -> Page:
        """The page at ``url``, after any redirects (a POST's redirect is followed by a GET)."""
        for _ in range(10):
            response = self.fetch(method, url, body)
            if response[0] in {301, 302, 303}:
                url, method, body = urljoin(url, response[1]), "GET", ""
                continue
            status, _, content = response
            parser = _Parser()
            parser.feed(content)
            return Page(url, status, html.unescape(content), parser.forms, parser.links)
        raise AssertionError(f"too many redirects from {url}")

    def fetch(
        self, method: str, url: str, body: str = "", *, proxied: bool = True
    ) -> tuple[int, str, str]:
        """(status, Location, body) of one request; ``proxied=False``: without the proxy's
        header, as a request that bypassed it."""
        path = urlsplit(url)._replace(scheme="", netloc="").geturl() or "/"
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "fr"}
        if proxied:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body.encode() or None, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        self._keep_cookies(response)
        return response.status, response.headers.get("Location", ""), content

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def submit(
        self,
        page: Page,
        button: str,
        *,
        fill: dict[str, str] | None = None,
        check: dict[str, list[str]] | None = None,
    ) -> Page:
        """Press ``button`` of its form on ``page``, after typing ``fill`` into fields (by
        name) and ticking the values of ``check`` (the others of those names unticked)."""
        form = page.form(button)
        values = dict(fill or {})
        data = [(name, values.pop(name, value)) for name, value in form.fields]
        missing = set(values)
        assert not missing, f"no field {missing} in the form of « {button} »"
        for name, value, checked in form.choices:
            if (value in check[name]) if check and name in check else checked:
                data.append((name, value))
        _, name, value = form.button(button) or ("", "", "")
        if name:
            data.append((name, value))
        url = urljoin(page.url, form.action or page.url)
        if form.method == "post":
            return self.open(url, "POST", urlencode(data))
        query = urlencode(data)
        return self.open(f"{urlsplit(url)._replace(query='').geturl()}?{query}")
