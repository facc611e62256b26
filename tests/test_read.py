"""Readers: every input format, datelines, headers, ids, and every kind of bad input."""
from __future__ import annotations

import codecs
import json
import os

import pytest

from conftest import SEEDS, needs_shared
from veille.models import Article
from veille.read import ReadError, read_paths
from veille.read.text import parse_plain


def read_all(*paths, **kw):
    return list(read_paths([str(p) for p in paths], **kw))


def articles(found):
    return [a for a in found if isinstance(a, Article)]


def errors(found):
    return [e for e in found if isinstance(e, ReadError)]


# -- plain text -------------------------------------------------------------------------
@pytest.mark.parametrize("head, published", [
    (" date 2022-02 Alors que", "2022-02"),
    ("date 2020-10-05\nLe texte", "2020-10-05"),
    ("\ufeff date 2023-06\nLe texte", "2023-06"),
])
def test_header_date_is_read_and_offsets_keep_the_header(head, published):
    article = parse_plain(head + " suite.", "a", "a.txt")
    assert article.published == published
    assert article.text.startswith(head)  # offsets count the header
    assert not article.text[article.body_start:].lstrip().startswith("date")


def test_text_without_header_has_no_date():
    article = parse_plain("Des combats ont éclaté.", "a", "a.txt")
    assert article.published is None and article.body_start == 0


def test_impossible_header_date_is_a_warning_not_a_crash():
    article = parse_plain(" date 2023-13 Des combats.", "a", "a.txt")
    assert article.published is None
    assert any("2023-13" in w for w in article.warnings)


@pytest.mark.parametrize("text, place, agency", [
    ("EREVAN, Arménie (AP) – L’Arménie et l’Azerbaïdjan", "EREVAN, Arménie", "AP"),
    ("KIEV (AFP) - Les forces russes", "KIEV", "AFP"),
    ("Bamako, 12 mai (Reuters) — L'armée malienne", "Bamako", "Reuters"),
])
def test_wire_dateline_is_place_and_agency_not_body(text, place, agency):
    article = parse_plain(text, "a", "a.txt")
    assert article.dateline.place == place and article.dateline.agency == agency
    assert article.text[article.dateline.start:article.dateline.end] == place
    assert article.source == agency
    assert article.text[article.body_start:].startswith(("L", "Les"))


def test_parenthesis_in_a_sentence_is_not_a_dateline():
    article = parse_plain("Le président (PS) - selon ses proches - a démissionné.", "a", "a")
    assert article.dateline is None and article.body_start == 0


@needs_shared
def test_seed_files():
    found = articles(read_all(SEEDS))
    assert [a.id for a in found] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert [a.published for a in found] == ["2022-02", None, "2020-10", "2020-11", "2023-06"]
    assert found[1].dateline.place == "EREVAN, Arménie"


# -- JSON Lines, JSON -------------------------------------------------------------------------
def test_jsonl_fields_and_line_errors(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "Combats à Kharkiv.", "published": "2024-05-12T08:00:00Z",
                    "url": "https://exemple.invalid/1", "source": "AFP"}),
        "{not json",
        json.dumps({"id": "x3"}),
        json.dumps({"id": "x4", "text": 42}),
        "",
        json.dumps({"text": "Sans identifiant.", "published": "mai 2024"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    found = read_all(path)
    good = articles(found)
    assert [a.id for a in good] == ["x1", "batch-6"]
    assert good[0].published == "2024-05-12" and good[0].url.endswith("/1")
    assert good[0].source == "AFP"
    assert good[1].published is None and good[1].warnings
    bad = errors(found)
    assert [(e.line, e.origin) for e in bad] == [(2, str(path)), (3, str(path)), (4, str(path))]
    assert "not JSON" in str(bad[0]) and '"text"' in str(bad[1]) and "int" in str(bad[2])


def test_duplicate_ids_are_made_unique(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join(json.dumps({"id": "same", "text": f"Texte {i}."})
                              for i in range(3)), encoding="utf-8")
    found = articles(read_all(path))
    assert [a.id for a in found] == ["same", "same-2", "same-3"]
    assert "renamed" in found[1].warnings[0]


def test_json_file_with_a_list(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "a", "text": "Un."}, {"id": "b", "text": "Deux."}]),
                    encoding="utf-8")
    assert [a.id for a in articles(read_all(path))] == ["a", "b"]


# -- HTML and feeds -------------------------------------------------------------------------------
def test_html_page_text_title_and_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<html><head><title>T</title>
      <meta property="article:published_time" content="2024-01-16T09:30:00Z">
      <script>var x = "<p>pas du texte</p>";</script><style>p{}</style></head>
      <body><nav>Menu</nav><article><h1>Frappes à Gaza</h1>
      <p>Des frappes ont fait 20&nbsp;morts &amp; 60 blessés.</p></article>
      <footer>Pied</footer></body></html>""", encoding="utf-8")
    article = articles(read_all(path))[0]
    assert article.title == "Frappes à Gaza" and article.published == "2024-01-16"
    assert "20 morts & 60 blessés" in article.text  # entities decoded, spaces folded
    assert "pas du texte" not in article.text and "Menu" not in article.text
    assert "Pied" not in article.text


def test_rss_and_atom_feeds(tmp_path):
    rss = tmp_path / "feed.xml"
    rss.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>
      <item><title>Titre un</title><guid>g1</guid><link>https://e.invalid/1</link>
      <pubDate>Sun, 12 May 2024 14:00:00 GMT</pubDate>
      <description><![CDATA[<p>Des combats à El-Facher.</p>]]></description></item>
      <item><title>Titre deux</title><description>Texte deux.</description></item>
      </channel></rss>""", encoding="utf-8")
    atom = tmp_path / "feed.atom"
    atom.write_text("""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>e1</id><title>Entrée</title><published>2024-03-05T10:00:00Z</published>
      <link href="https://e.invalid/e1"/><summary>Des obus sur Goma.</summary></entry>
      </feed>""", encoding="utf-8")
    found = articles(read_all(rss, atom))
    assert [a.id for a in found] == ["g1", "feed-2", "e1"]
    assert found[0].published == "2024-05-12" and "El-Facher" in found[0].text
    assert found[2].published == "2024-03-05" and found[2].url == "https://e.invalid/e1"


def test_feed_without_items_is_an_error(tmp_path):
    path = tmp_path / "empty.rss"
    path.write_text('<rss version="2.0"><channel><title>F</title></channel></rss>')
    assert "no items" in str(errors(read_all(path))[0])


# -- directories ------------------------------------------------------------------------------
def test_directory_is_read_recursively_sorted_with_unique_stems(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "b" / "a.txt").write_text("Deux.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Trois.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("pas un article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("caché", encoding="utf-8")
    found = articles(read_all(tmp_path))
    # a folder's own files in name order, then its sub-folders in name order
    assert [(a.id, a.text) for a in found] == [("a", "Un."), ("c", "Trois."), ("a-2", "Deux.")]
    assert [a.id for a in articles(read_all(tmp_path))] == [a.id for a in found]  # stable


def test_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "x.txt").write_text("Un texte.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [a.id for a in articles(read_all(tmp_path))] == ["x"]


def test_missing_and_unreadable_paths(tmp_path, monkeypatch):
    missing = tmp_path / "absent.txt"
    locked = tmp_path / "locked.txt"
    locked.write_text("Texte.", encoding="utf-8")
    original = type(locked).read_bytes

    def refuse(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(type(locked), "read_bytes", refuse)
    found = errors(read_all(missing, locked))
    assert "no such file" in str(found[0]) and str(missing) in str(found[0])
    assert "Permission denied" in str(found[1])


# -- bytes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"  \n\t \n", "white space"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(40)), "binary"),
    (b"\x7fELF\x02\x01\x01" + bytes(60), "binary"),
])
def test_unusable_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = errors(read_all(path))[0]
    assert message in str(error) and str(path) in str(error) and "\n" not in str(error)


@pytest.mark.parametrize("encoding, warning", [
    ("latin-1", "latin-1"), ("cp1252", "cp1252"), ("utf-16", None)])
def test_other_encodings(tmp_path, encoding, warning):
    text = "L’Arménie a fait état de 5 tués à Erevan, œuvre d’un tir." if encoding == "cp1252" \
        else "L'Arménie a fait état de 5 tués à Erevan, près du lac."
    path = tmp_path / "enc.txt"
    data = text.encode(encoding)
    if encoding == "latin-1":
        data += b" \x81"  # a byte cp1252 leaves undefined: only latin-1 reads this file
    path.write_bytes(data)
    article = articles(read_all(path))[0]
    assert "Arménie" in article.text and "Erevan" in article.text
    assert (warning is None and not article.warnings) or warning in article.warnings[0]


def test_utf16_file_has_a_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Combats à Goma.".encode("utf-16-le"))
    assert articles(read_all(path))[0].text == "Combats à Goma."


def test_mixed_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b" date 2024-01\r\nTitre\r\n\r\nPremier.\rDeuxi\xc3\xa8me.\n")
    article = articles(read_all(path))[0]
    assert "\r" not in article.text and article.published == "2024-01"


def test_oversized_text_is_truncated_with_a_warning(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("mot " * 5000, encoding="utf-8")
    article = articles(read_all(path, max_chars=10_000))[0]
    assert len(article.text) <= 10_000 and "truncated" in article.warnings[-1]


def test_long_single_line_is_read_whole(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("combat " * 30_000, encoding="utf-8")
    assert len(articles(read_all(path))[0].text) == 210_000


def test_parquet_rows_become_articles_and_bad_rows_are_named(tmp_path):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = tmp_path / "archive.parquet"
    pq.write_table(pa.table({
        "id": ["a", None, "c", "d"],
        "text": ["Deux civils ont été tués à Goma.", "Un texte sans id.", None, "  "],
        "published": [datetime.date(2024, 5, 1), None, None, None]}), table)
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(b"PAR1 not a table")
    found = read_all(table, damaged)
    [article] = [f for f in found if isinstance(f, Article)]
    assert (article.id, article.published) == ("a", "2024-05-01")
    errors = [str(f) for f in found if isinstance(f, ReadError)]
    assert errors[:3] == [f"{table}:2: no id", f'{table}:3: no "text" field',
                          f'{table}:4: "text" is empty']
    assert errors[3].startswith(f"{damaged}: not a Parquet file")


def test_rss_1_0_and_0_91_feeds_and_a_feed_read_in_part(tmp_path):
    rdf = tmp_path / "fil.rdf.xml"
    rdf.write_text("""<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
               xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://e.invalid/"><title>F</title></channel>
      <item rdf:about="https://e.invalid/a"><title>Obus sur Bunia</title>
      <link>https://e.invalid/a</link><dc:date>2024-02-03T08:00:00Z</dc:date>
      <description>Trois civils tués à Bunia.</description></item></rdf:RDF>""")
    old = tmp_path / "vieux.rss"
    old.write_text("""<rss version="0.91"><channel><title>F</title><item><title>Gao</title>
      <link>https://e.invalid/g</link><description>Une attaque près de Gao.</description>
      </item></channel></rss>""")
    cut = tmp_path / "coupe.xml"
    cut.write_text("""<rss version="2.0"><channel><item><title>Mopti</title>
      <description>Une embuscade près de Mopti.</description></item><item><title>X""")
    found = articles(read_all(rdf, old, cut))
    assert [a.title for a in found] == ["Obus sur Bunia", "Gao", "Mopti"]
    assert found[0].published == "2024-02-03" and found[0].url == "https://e.invalid/a"
    assert "Trois civils tués à Bunia." in found[0].text
    assert any("not well-formed" in w for w in found[2].warnings)


def test_outlet_from_the_page_and_the_feed(tmp_path):
    (tmp_path / "page.html").write_text(
        '<html><head><meta property="og:site_name" content="La Gazette du Caucase">'
        '<meta property="article:published_time" content="2021-04-02T08:00:00Z"></head>'
        "<body><h1>Frappes à Tovouz</h1><p>Deux soldats ont été tués jeudi.</p></body>"
        "</html>", encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Radio Sahel  – Actualités</title><link>https://exemple.invalid</link>"
        "<item><title>Attaque à Ménaka</title><description>Trois civils tués.</description>"
        "<guid>a1</guid></item><item><title>Reprise de Kidal</title><source url="
        '"https://exemple.invalid/rss">Agence Ouest</source><description>La ville a été '
        "reprise.</description><guid>a2</guid></item></channel></rss>", encoding="utf-8")
    found = {a.id: a for a in articles(read_all(tmp_path))}
    assert found["page"].source == "La Gazette du Caucase"
    assert found["a1"].source == "Radio Sahel – Actualités"
    assert found["a2"].source == "Agence Ouest"
