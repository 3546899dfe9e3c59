def test_an_analysed_article_packed_reads_back_as_given_in_any_process() -> None:
    """briefer.packed: sentences kept as places in the text, lemmas as vocabulary ids; every field reads
    back as it was given (lead and body given apart from the sentences' lemmas too), through a pickle
    (strings, not this process's ids), dataclasses.replace, and from threads adding words at once."""
    import dataclasses
    import pickle
    import threading
    from datetime import UTC, datetime

    from briefer.models import AnalysedArticle, Article

    text = "Ferries run again. Crews said so!\nThe port opened."
    article = Article("a", "Ferries", "u", "s", text, datetime(2025, 1, 1, tzinfo=UTC), "none")
    sentences = ("Ferries run again.", "Crews said so!", "The port opened.")
    lemmas = (("ferry", "run", "again"), ("crew", "say", "so"), ("the", "port", "open"))
    item = AnalysedArticle(
        article,
        sentences,
        ("ferry",),
        ("ferry", "run", "again", "crew", "say", "so"),
        ("the", "port", "open"),
        lemmas,
        (("Crews", "ORG"),),
    )
    assert item.__dict__["_packed"].text is text  # the sentences are places in the article's own text
    assert (item.sentences, item.sentence_lemmas, item.title_lemmas) == (sentences, lemmas, ("ferry",))
    assert item.lead_lemmas == ("ferry", "run", "again", "crew", "say", "so") and item.body_lemmas == lemmas[2]
    odd = AnalysedArticle(article, ("Not in the text.",), (), ("x",), (), lemmas, ())  # kept as given
    assert odd.sentences == ("Not in the text.",) and odd.lead_lemmas == ("x",) and odd.body_lemmas == ()
    assert pickle.loads(pickle.dumps(item)) == item and pickle.loads(pickle.dumps(odd)) == odd
    assert dataclasses.replace(item, entities=()).sentence_lemmas == lemmas

    words = [[f"w{t}-{k}" for k in range(2000)] for t in range(4)]
    made: list[AnalysedArticle] = []

    def add(mine: list[str]) -> None:
        made.append(AnalysedArticle(article, (), tuple(mine), (), (), (), ()))

    threads = [threading.Thread(target=add, args=(w,)) for w in words]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(m.title_lemmas for m in made) == sorted(tuple(w) for w in words)
