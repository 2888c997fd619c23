"""The framework-free SPARQL protocol core (server.sparql_protocol): parameter decoding and request checks."""

from __future__ import annotations

from urllib.parse import parse_qs, quote_plus, urlencode

import pytest

from budgetkg.server.config import Settings
from budgetkg.server.errors import ApiError
from budgetkg.server.sparql_protocol import DIRECT, FORM, from_post, from_url, parse_params

QUERY = '# 预算 "合计" 100%\nSELECT ?x WHERE { ?x <http://ex/p?a=1&b=2> "a+b=c" } # ☃ \t end'


@pytest.mark.parametrize("data", [
    urlencode({"query": QUERY, "format": "json"}),
    urlencode([("default-graph-uri", "http://a/1"), ("default-graph-uri", "http://a/2"), ("query", QUERY)]),
    "query=&format=", "query", "a=1&&b=2&", "x=%zz%4", "q=%E9%A2%84+%E7%AE%97%2B", "=v", "",
    "query=" + quote_plus(QUERY, safe="%"), "%71uery=SELECT", "a=%5C%5Cx41\\%41\\x41\\", "a=%4", "a=%",
    "a=%%41%4%41", "a=\\n%0A\\", "b=%e2%98%83x%E2%98%83",
])
def test_parameters_decode_as_parse_qs_does(data: str):
    assert parse_params(data.encode("ascii")) == parse_qs(data, keep_blank_values=True)


def test_invalid_utf8_is_an_error():
    with pytest.raises(UnicodeDecodeError):
        parse_params(b"query=%FF%FE")
    with pytest.raises(ApiError) as err:
        from_post(FORM, b"query=%FF", {}, Settings(store_path=""))
    assert err.value.status == 400 and "UTF-8" in err.value.detail


def test_post_and_get_parameters():
    settings = Settings(store_path="")
    url = {"default-graph-uri": ["http://g/1"], "format": ["xml", "csv"]}
    form = from_post(FORM, urlencode({"query": QUERY, "named-graph-uri": "http://g/2"}).encode(), url, settings)
    assert (form.query, form.default_graphs, form.named_graphs, form.fmt) == ([QUERY], ["http://g/1"], ["http://g/2"],
                                                                            "csv")
    direct = from_post(f"{DIRECT}; charset=UTF-8", QUERY.encode(), url, settings)
    assert direct.query == [QUERY] and direct.default_graphs == ["http://g/1"]
    assert from_url({"query": [QUERY], "format": ["json", "tsv"]}).fmt == "tsv"
    for ctype, body, status in [("text/plain", b"x", 415), (f"{DIRECT}; charset=latin-1", b"x", 415),
                                ("application/sparql-update", b"x", 403), (FORM, b"format=json", 400),
                                (DIRECT, b"\xff", 400), (FORM, b"q" * (settings.max_query_length * 4 + 1), 413)]:
        with pytest.raises(ApiError) as err:
            from_post(ctype, body, {}, settings)
        assert err.value.status == status, ctype
