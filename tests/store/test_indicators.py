"""A forum's indicators in the store: imported whole or not at all, edited one by one."""

import pytest

from assistant.errors import InvalidInputError, NotFoundError
from assistant.forum.indicator_file import sample_indicators
from assistant.forum.indicators import AgeStage, Comparison, Indicator
from assistant.store import commands
from assistant.store.indicators import import_indicators, indicators, remove_indicator, save_indicator
from tests.conftest import simple_plan


@pytest.fixture
def forum(make_store):
    store = make_store()
    created = commands.create_forum(store, title="פורום", locality="לוד", domain="stem", language="he",
                                    plan=simple_plan())
    return store, created.forum.id


def read(store, forum_id):
    with store.read() as session:
        return indicators(session, forum_id)


def test_an_import_replaces_the_forums_indicators_in_their_order(forum):
    store, forum_id = forum
    first = import_indicators(store, forum_id, sample_indicators())
    assert first.replaced == 0 and len(first.indicators) == len(read(store, forum_id)) >= 10
    stored = read(store, forum_id)
    assert [s.indicator for s in stored] == sample_indicators()
    again = import_indicators(store, forum_id, [Indicator(name="נשירה", value=3.5, comparison=2.0,
                                                          compared_to=Comparison.NATIONAL,
                                                          age_stage=AgeStage.SECONDARY, year=2024)])
    assert again.replaced == len(stored)
    assert [s.indicator.name for s in read(store, forum_id)] == ["נשירה"]


def test_a_bad_indicator_in_an_import_leaves_the_old_ones(forum):
    store, forum_id = forum
    import_indicators(store, forum_id, sample_indicators())
    before = read(store, forum_id)
    with pytest.raises(InvalidInputError) as excinfo:
        import_indicators(store, forum_id, [Indicator(name="א", value=1), Indicator(name="ב", value=float("nan"))])
    assert excinfo.value.message("he") == "ערך ביישוב: נא לכתוב מספר."
    with pytest.raises(InvalidInputError):
        import_indicators(store, forum_id, [Indicator(name="\u202e ", value=1)])  # nothing but a bidi override
    assert read(store, forum_id) == before


def test_one_indicator_is_added_replaced_and_removed(forum):
    store, forum_id = forum
    added = save_indicator(store, forum_id, Indicator(name="  מתגייסים  ", value=66, unit="%"))
    assert added.added and added.indicator.indicator.name == "מתגייסים"
    second = save_indicator(store, forum_id, Indicator(name="אקדמאים", value=10, unit="%"))
    edited = save_indicator(store, forum_id, Indicator(name="מתגייסים", value=70, unit="%", year=2024),
                            added.indicator.id)
    assert not edited.added
    assert [(s.indicator.name, s.indicator.value) for s in read(store, forum_id)] == [("מתגייסים", 70),
                                                                                      ("אקדמאים", 10)]
    remove_indicator(store, forum_id, added.indicator.id)
    assert [s.id for s in read(store, forum_id)] == [second.indicator.id]
    other = commands.create_forum(store, title="אחר", locality="רמלה", domain="stem", language="he",
                                  plan=simple_plan())
    with pytest.raises(NotFoundError):
        remove_indicator(store, other.forum.id, second.indicator.id)
    with pytest.raises(NotFoundError):
        save_indicator(store, other.forum.id, Indicator(name="x", value=1), second.indicator.id)


def test_one_more_than_the_most_a_forum_holds_is_refused_in_the_users_words(forum):
    from assistant.forum.indicators import MAX_INDICATORS

    store, forum_id = forum
    import_indicators(store, forum_id, [Indicator(name=f"מדד {n}", value=n) for n in range(MAX_INDICATORS)])
    with pytest.raises(InvalidInputError) as refused:
        save_indicator(store, forum_id, Indicator(name="עוד אחד", value=1))
    assert refused.value.message("he") == ("שם המדד: לפורום יש כבר 500 מדדים, המספר המרבי. אפשר להסיר מדד, "
                                           "או לייבא קובץ שיחליף את כולם.")
    assert len(read(store, forum_id)) == MAX_INDICATORS


def test_a_challenge_is_linked_to_the_indicators_that_show_it(forum):
    from assistant.store.indicators import link_indicators, links

    store, forum_id = forum
    import_indicators(store, forum_id, sample_indicators())
    stored = read(store, forum_id)
    commands.open_collection(store, forum_id, "challenge")
    joined = commands.join(store, join_code=_code(store, forum_id), sector="ngo", language="he")
    idea_id = commands.add_idea(store, forum_id, "מעט בני נוער בתנועות הנוער",
                                participant_id=joined.participant.id).idea.id
    link_indicators(store, forum_id, idea_id, [stored[9].id, stored[0].id, stored[9].id])
    with store.read() as session:
        assert links(session, forum_id) == {idea_id: (stored[0].id, stored[9].id)}  # in the indicators' order
    link_indicators(store, forum_id, idea_id, [stored[9].id])
    remove_indicator(store, forum_id, stored[9].id)  # its links go with it
    with store.read() as session:
        assert links(session, forum_id) == {}
    other = commands.create_forum(store, title="אחר", locality="רמלה", domain="stem", language="he",
                                  plan=simple_plan())
    [foreign] = import_indicators(store, other.forum.id, [Indicator(name="x", value=1)]).indicators
    with pytest.raises(NotFoundError):
        link_indicators(store, forum_id, idea_id, [foreign.id])  # another forum's indicator
    with pytest.raises(NotFoundError):
        link_indicators(store, other.forum.id, idea_id, [foreign.id])  # another forum's challenge


def _code(store, forum_id):
    with store.read() as session:
        from assistant.store import queries

        return queries.get_forum(session, forum_id).join_code


def test_the_rooms_worries_are_its_latest_vote_over_the_indicators_that_anyone_voted_in(forum):
    from assistant.store import reads

    store, forum_id = forum
    import_indicators(store, forum_id, sample_indicators())
    names = [i.name for i in sample_indicators()]
    assert reads.room_worries(store, forum_id) is None  # the room was not asked
    other = commands.create_poll(store, forum_id, title="לא על המדדים", method="dots", labels=["א", "ב"],
                                 open_now=True)
    asked = commands.create_poll(store, forum_id, title="מה מדאיג", method="dots", labels=names,
                                 params={"budget": 3, "cap": 1})
    assert reads.room_worries(store, forum_id) is None  # nobody voted yet
    commands.close_poll(store, forum_id, other.id)
    commands.open_poll(store, forum_id, asked.id)
    ids = [o.id for o in asked.options]
    for sector, picks in (("ngo", (9, 10, 4)), ("residents", (9, 10, 2)), ("education", (9, 0, 1))):
        person = commands.join(store, join_code=_join_code(store, forum_id), sector=sector, language="he")
        commands.cast_ballot(store, forum_id, asked.id, person.participant.id, {ids[n]: 1 for n in picks})
    commands.create_poll(store, forum_id, title="שוב, בלי מצביעים", method="dots", labels=names[:3],
                         params={"budget": 3, "cap": 1})  # a later one nobody voted in does not hide it
    worries = reads.room_worries(store, forum_id)
    assert worries.poll.id == asked.id and worries.voters == 3
    assert [(i.name, score) for i, score in worries.top] == [(names[9], 3.0), (names[10], 2.0),
                                                              (worries.top[2][0].name, 1.0)]
    assert worries.top[0][0].value == sample_indicators()[9].value  # the indicator itself, for its figures


def _join_code(store, forum_id):
    with store.read() as session:
        from assistant.store import queries

        return queries.get_forum(session, forum_id).join_code
