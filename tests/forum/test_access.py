from assistant.forum import access


def test_tokens_are_random_and_compared_by_digest():
    a, b = access.new_token(), access.new_token()
    assert a != b and access.looks_like_token(a)
    assert access.same_digest(access.digest(a), a)
    assert not access.same_digest(access.digest(a), b)
    assert not access.same_digest(None, a)


def test_manager_token_is_derived_and_distinct():
    token = access.new_token()
    assert access.manager_token_for(token) == access.manager_token_for(token) != token
    assert access.looks_like_token(access.manager_token_for(token))


def test_join_codes_avoid_ambiguous_characters():
    codes = {access.new_join_code() for _ in range(200)}
    assert all(len(c) == 6 and set(c) <= set(access.JOIN_CODE_ALPHABET) for c in codes)
    assert access.normalize_join_code(" ab c-d2 ") == "ABCD2"


def test_pins_are_salted_and_verified():
    stored = access.hash_pin("2468")
    assert stored != access.hash_pin("2468")
    assert access.verify_pin(stored, "2468") and not access.verify_pin(stored, "2469")
    assert access.verify_pin(None, "")
    assert not access.verify_pin("garbage", "1")
