"""Hypothesis strategies for the pages' forms (portal and dashboard): every form endpoint, its
fields filled with well-formed or hostile values, sent in the right or a wrong framing.

A request is drawn as a `PageRequest`; `send` turns it into a Django test-client call. What
is drawn covers: NUL and other control characters, huge strings, numbers that are not numbers
(`1e309`, `²`, 5,000 digits), ids of the wrong type or of nothing, repeated and missing fields,
text where a file belongs and files where text belongs, files of the wrong type, empty or over
the size limit, too many files, a bad or missing CSRF token, and bodies in the wrong content
type (JSON, plain text, multipart without a boundary, multipart cut short).
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from .portal_helpers import PNG

NUL = "\x00"
HOSTILE_TEXT = [
    "", " ", NUL, f"a{NUL}b", "\x01", "\x1b[31m", "\x7f", "\ud800", "\u202e", "😀" * 50,
    "' OR 1=1 --", "%", "\\", '"><script>alert(1)</script>', "{{ form }}", "{% now %}",
    "null", "NaN", "Infinity", "1e309", "-1", "0", "²", "१२", "1.5", " 3 ", "9" * 5000,
    "x" * 70_000, "y" * 2_700_000, "T3JkZXI6", "Q2xhaW06MQ==", "T3JkZXJMaW5lOjE=", "-h", "--help", "\r\n\r\n",
]  # fmt: skip
NUMBERS = ["1", "2", "0", "-1", "1e309", "²", "१", "1.5", " 1 ", "9" * 5000, "", "abc", "99999"]
CONDITIONS = ["UNUSED", "USED", "ORIGINAL_PACKAGING", "SEALS_INTACT", "USER_DAMAGE", "X", NUL]
REASONS = ["CHANGED_MIND", "DEFECTIVE", "DEAD_ON_ARRIVAL", "changed_mind", "", NUL]
RESOLUTIONS = ["REFUND", "STORE_CREDIT", "REPLACEMENT", "EXCHANGE", "REPAIR", "", "X"]
FRAMINGS = ["multipart", "multipart", "multipart", "urlencoded", "urlencoded", "json", "text",
            "multipart-no-boundary", "multipart-cut"]  # fmt: skip
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
MB = 1024 * 1024


@dataclass
class PageRequest:
    method: str
    path: str
    fields: dict = field(default_factory=dict)  # name -> str or list of str
    files: dict = field(default_factory=dict)  # name -> list of (name, bytes, content type)
    framing: str = "multipart"
    csrf: str = "right"  # right, missing, wrong
    headers: dict = field(default_factory=dict)

    @property
    def entered(self) -> dict:
        """Single text values as typed (the last of repeated ones, as Django reads them)."""
        found = {}
        for name, value in self.fields.items():
            if isinstance(value, list):
                value = value[-1] if value else ""
            found[name] = value
        return found


def text(hostile_weight: int = 1):
    printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
    wild = st.text(max_size=40) | st.sampled_from(HOSTILE_TEXT)
    return st.one_of(*([printable] * 2 + [wild] * hostile_weight))


def value(choices: list[str], hostile_weight: int = 1):
    """One of `choices`, or something else, or a repeated field."""
    single = st.sampled_from(choices) | text(hostile_weight)
    return single | st.lists(single, min_size=2, max_size=3)


def files():
    """Evidence files: a photo, or something that is not one."""
    one = st.sampled_from(
        [
            ("box.png", PNG, "image/png"),
            ("photo.jpg", JPEG, "image/jpeg"),
            ("notes.jpg", b"just text, not a photo", "image/jpeg"),
            ("empty.png", b"", "image/png"),
            ("big.jpg", JPEG + b"\x00" * (MB + 1 - len(JPEG)), "image/jpeg"),
            ("x" * 300 + ".png", PNG, "image/png"),
            (f"a{NUL}b.png", PNG, "image/png"),
            ("script.html", b"<script>alert(1)</script>", "text/html"),
        ]
    )
    return st.lists(one, max_size=7)


def framing():
    return st.sampled_from(FRAMINGS)


def csrf():
    return st.sampled_from(["right", "right", "right", "missing", "wrong"])


def send(client, request: PageRequest, csrf_token: str | None):
    """Send the drawn request; the CSRF token goes where the form would put it."""
    fields = dict(request.fields)
    if request.csrf == "right" and csrf_token:
        fields["csrfmiddlewaretoken"] = csrf_token
    elif request.csrf == "wrong":
        fields["csrfmiddlewaretoken"] = "x" * 64
    if request.method == "GET":
        query = urlencode(_pairs(fields), doseq=True)
        sep = "&" if "?" in request.path else "?"
        return client.get(request.path + (sep + query if query else ""), **request.headers)
    if request.framing == "multipart":
        data: dict = {name: [v for _, v in _pairs({name: value})] for name, value in fields.items()}
        for name, items in request.files.items():
            data[name] = [SimpleUploadedFile(n, content, content_type=t) for n, content, t in items]
        return client.post(request.path, data, **request.headers)
    if request.framing == "urlencoded":
        body = urlencode(_pairs(fields), doseq=True)
        return client.post(
            request.path, body, content_type="application/x-www-form-urlencoded", **request.headers
        )
    if request.framing == "json":
        body = json.dumps(fields)
        return client.post(request.path, body, content_type="application/json", **request.headers)
    if request.framing == "text":
        return client.post(request.path, "a=b&c", content_type="text/plain", **request.headers)
    if request.framing == "multipart-no-boundary":
        return client.post(
            request.path, b"--x\r\n\r\n", content_type="multipart/form-data", **request.headers
        )
    # a body cut short: the last part never ends
    body = (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="action"\r\n\r\nlookup\r\n'
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="evidence"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + PNG[:20]
    )
    return client.post(
        request.path, body, content_type="multipart/form-data; boundary=BoUnDaRy", **request.headers
    )


def _pairs(fields: dict) -> list[tuple[str, str]]:
    pairs = []
    for name, v in fields.items():
        for item in v if isinstance(v, list) else [v]:
            # a URL cannot carry a lone surrogate; the browser would have encoded it away
            pairs.append((name, item.encode("utf-8", "replace").decode("utf-8")))
    return pairs
