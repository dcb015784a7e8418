import pytest

from kg.errors import NotFound
from kg.graph.names import NameIndex, normalize


def test_normalize_folds_scripts_case_and_punctuation():
    assert normalize("智譜") == normalize("智谱")
    assert normalize("騰訊投資") == normalize("腾讯投资")
    assert normalize("Zhipu AI") == normalize("zhipu-ai") == "zhipuai"
    assert normalize("ＡＢＣ") == "abc"  # full-width letters


@pytest.fixture
def index():
    return NameIndex(
        [
            (
                "zhipu",
                {
                    "name_en": "Zhipu AI",
                    "name_zh": "智谱",
                    "aliases": ("Knowledge Atlas",),
                    "label": "Zhipu AI",
                    "type": "Company",
                },
            ),
            ("tencent", {"name_en": "Tencent", "name_zh": "腾讯", "label": "Tencent", "type": "Company"}),
            (
                "tencent_investment",
                {"name_en": "Tencent Investment", "name_zh": "腾讯投资", "label": "Tencent Investment"},
            ),
            ("zhang_peng", {"name_en": "Zhang Peng", "name_zh": "张鹏", "label": "Zhang Peng"}),
            ("zhang_peng_2", {"name_en": "Zhang Peng", "name_zh": "张鹏", "label": "Zhang Peng"}),
        ]
    )


def test_search_finds_both_chinese_scripts(index):
    assert index.search("騰訊")[0].id == "tencent"
    assert index.search("腾讯")[0].id == "tencent"
    assert [m.id for m in index.search("騰訊")] == ["tencent", "tencent_investment"]


def test_search_by_alias_and_fuzzy(index):
    assert index.search("knowledge atlas")[0].id == "zhipu"
    assert index.search("Tencnet")[0].id == "tencent"  # a typo still finds it
    assert index.search("zzzzzz") == []


def test_resolve_exact_prefix_ambiguous_unknown(index):
    assert index.resolve("zhipu") == "zhipu"
    assert index.resolve("智譜") == "zhipu"
    assert index.resolve("Tencent") == "tencent"
    with pytest.raises(NotFound) as amb:
        index.resolve("张鹏")
    assert "ambiguous" in str(amb.value)
    assert [c[0] for c in amb.value.candidates] == ["zhang_peng", "zhang_peng_2"]
    with pytest.raises(NotFound, match="no entity is named 'Nobody at all'"):
        index.resolve("Nobody at all")
