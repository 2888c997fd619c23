"""The document agrees with itself (issue 14, family 2): the unit's name and the table of contents.

**The unit's name.** A disclosure names its unit on the cover, in its headings and table titles and in the narrative
("上海市普陀区司法局主要职能", "2026年上海市普陀区司法局财政拨款的机关运行经费预算为184.59万元"). A name copied from another
unit's disclosure ("上海市普陀区财政局主要职能" in the 司法局's budget) is a Violation. Names are compared leniently: a
short form is the same unit when its characters, after the last place word (省 / 市 / 区 / 县 / 州 / 旗), appear in the
unit's name in order (省政府办公厅 for 四川省人民政府办公厅, 区司法局 for 上海市普陀区司法局), or the other way round (a
unit named by its short form in the document's identity); a unit below the document's unit (the 司法局's 公证处 named as
上海市普陀区司法局公证处) also passes. Only names in the places a unit names *itself* are read — a title or heading that
is "<name> <year> 部门预算", and the narrative's "<name>主要职责 / 主要职能 / 机构设置 / 共有车辆 / 政府采购预算总额 /
机关运行经费 / 部门预算 / 收入预算 …" — so other bodies a narrative mentions (区财政局 approves, 市审计局 audits) are not
read. A 部门 document names its 单位 in per-unit rows and in the list of its units: those names are the units' own.
The document's identity (its unit and year, read from its cover or its tables' headers) is one place among the others:
where it is printed once at most and the other places name one other unit (or year) three times or more, the identity
was read from the misprinted place (:func:`own_unit`, :func:`own_year`); where each is printed once, both places are
reported as disagreeing (which of the two is wrong cannot be told).

**The report year** (:func:`year_issues`, :func:`contents_year`): as-of dates (截至 …) and compared years (比 / 较 / 与
YYYY 年, 上年（YYYY年）), the scope's year (纳入2024年度部门预算编制范围的单位) and the unit's own statements
(无锡市信访局2025年度一般公共预算拨款…) against the report year, and the years of the contents' entries. **Placeholders**
(:func:`placeholders`) left where cnbsh:template-residue does not read. **The table of contents** against the tables
read (:func:`contents_issues`).

:func:`annotate` adds one node per disagreement to the validation copy; the shapes of ``shapes/document.ttl`` report
them. Nothing here changes the published graph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pyoxigraph as ox

from ..ontology.namespaces import CNB, DCTERMS, SKOS

_ORG = (r"(?:委员会|办公厅|办公室|管理局|服务中心|中心|人民法院|人民检察院|法院|检察院|大学|学院|学校|医院|研究院|研究所"
        r"|局|厅|委|办|院|部|所|站|馆|处|队|社|园|署|团|公司)")
_HAN = r"[\u4e00-\u9fa5]"
_NAME = rf"(?P<name>{_HAN}{{2,30}}?{_ORG}(?:（[^）]{{1,8}}）)?)"
_START = r"(?:^|(?<=[。；;：:，,\s）]))"  # a sentence or clause starts
_YEAR = r"(?:(?:19|20)\d{2}\s*年度?)"
# where a unit names itself
_SELF = [
    # a title or heading: "上海市普陀区财政局2024年度部门决算", "第二部分上海市普陀区财政局2024年度部门决算表"
    re.compile(rf"{_NAME}\s*(?:部门)?\s*{_YEAR}?\s*(?:部门|单位)(?:综合)?(?:预算|决算)"),  # 北京市统计局部门2026年度部门预算
    re.compile(rf"{_YEAR}\s*{_NAME}(?:部门|单位)?(?:综合)?(?:预算|决算)(?:公开|报表|表|$)"),
    # a heading line: "预算单位：上海市普陀区司法局"
    re.compile(rf"(?:编制单位|预算单位|单位名称|部门名称|部门（单位）|预算主管部门)[:：]{_NAME}"),
    # a sentence about the unit: "2026年国家信访局所有项目支出预算…", "上海市普陀区人民政府万里街道办事处是普陀区政府的派出机关"
    # (only a name that starts with its place: see _STRICT)
    re.compile(rf"{_START}{_YEAR}[，,]?{_NAME}(?:部门|单位|本级)?(?=所有|全部|各|本级|\d+家|其他|政策|项目|部门|机关|年度|财政"
               rf"|收|支|预算|决算|一般|政府|国有|“三公”|三公|共|实施|整体|绩效|按照|委托|下属)"),
    re.compile(rf"{_START}{_NAME}(?:（本级）|本级)?(?:是|设(?:有|立|\d|[一二三四五六七八九十]+个)|及所属|下属|部门(?:预算|决算)"
               rf"|(?:部门|单位)?(?:预算|决算)(?:包括|由|\d)|(?:没有|无)(?:政府性基金|国有资本|“三公”|三公|一般公共)"
               rf"|{_YEAR}(?:本年)?(?:收|支)|本年(?:收入|支出))"),
    # a heading that is the name alone: "第二部分江苏省人大常委会办公厅" (its year and 部门预算 on the next line)
    re.compile(rf"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)?{_NAME}$"),
    # the narrative: "上海市普陀区司法局主要职能", "上海市普陀区财政局2024年度收入支出总计", "2026 年北京市人民政府办公厅政府采购预算总额"
    re.compile(rf"{_NAME}(?:（本级）|本级)?(?:的)?(?:主要职责|主要职能|机构设置|共有车辆|政府采购预算总额|政府采购金额"
               rf"|机关运行经费|收入预算|支出预算|收支预算|收入支出决算|收入决算|支出决算|收入合计|支出合计"
               rf"|是(?:主管|负责)|设\d+个)"),
    re.compile(rf"{_NAME}{_YEAR}(?:部门|单位)?(?:收入|支出|收支|财政拨款|一般公共预算|政府性基金|国有资本|政府采购|无"
               rf"|(?:主要)?工作(?:目标|任务|重点)|重点工作)"),
    re.compile(rf"{_YEAR}{_NAME}(?:收入|支出|收支|财政拨款|一般公共预算|政府性基金|国有资本|政府采购|机关运行经费)"),
    # 名词解释 of the unit's own 科目: "信访事务（款）：指国家信访局用于保障机构正常运行…", "行政运行（项）：指国家信访局机关
    # （不含离退休干部办公室）用于…" (only the unit spends its own money; a body that gives it, 指区财政局拨付, is not read)
    re.compile(rf"[:：]指{_NAME}(?:机关|本级|所属(?:事业)?单位)?(?:（[^）]{{1,20}}）)?(?:用于|为(?:完成|保障|履行|开展|满足))"),
    # the unit's own organisation and performance management: "北京市公安局内设机构及编制根据…", "长沙市公安局本级内设机构
    # 包括…", "上海市普陀区财政局2024年度预算绩效管理工作开展情况如下"
    re.compile(rf"{_NAME}(?:（本级）|本级)?内设(?:机构|\d+个|[一二三四五六七八九十]+个)"),
    re.compile(rf"{_NAME}(?:（本级）|本级)?(?:{_YEAR}(?:部门|单位)?|实施(?:部门|单位)?(?:整体)?)预算绩效管理"),
    # a table's note or line that is its header alone: "部 门:中共江苏省委办公厅" (76 江苏省委办公厅 2018 p1)
    re.compile(rf"^部门[:：]{_NAME}$"),
    # a performance sheet's title that opens with the code and name of the unit running the project:
    # "301007_泉州市公安局晋江国际机场分局_全国民航反电诈中心建设项目绩效目标表" (59 泉州市公安局 p27)
    re.compile(rf"^\d{{3,9}}[_＿]{_NAME}[_＿]"),
]
_PLACE = re.compile(r"^.*(?:自治区|自治州|省|市|区|县|州|旗|盟)")
_STRICT = (3, 4, 5, 9, 10, 11, 12, 13)  # the patterns of _SELF whose name must start with its place (上海市…, 中共…, 国家…)
_PLACED = re.compile(r"^(?:中共|中国|国家|[\u4e00-\u9fa5]{1,6}?(?:自治区|省|市|区|县|州|旗|盟))")
_NOISE = re.compile(r"^(?:第[一二三四五六七八九十\d]+(?:部分|条|章|节)|年度?|附件|附表|纳入|包括|其中|根据|按照|关于|本|我|该|各|全|所属|下属|二级|对|由|经|为|是|和|及|与|的)+")
# a heading the name runs on from once spaces are gone ("（二）机构设置情况" + "北京市公安局内设机构…")
_AFTER_HEADING = re.compile(r"^.*(?:情况|说明|概况)")
# words that start a phrase rather than a name ("本部门", "各单位", "纳入…编制范围的单位")
_GENERIC = re.compile(r"^(?:度|当年|年|本|我|该|各|全|所属|下属|二级|上级|主管|预算|部门|单位|机关|基层|行政|事业|市级|区级|县级|省级)"
                      r"|^(?:高等|普通|公办|民办|中小|中等|职业)?(?:学校|学院|医院|中心|公司)$")


def _strip(name: str) -> str:
    """The name without brackets, spaces and a leading 中共 / 中国共产党."""
    name = re.sub(r"（[^）]*）|\([^)]*\)|\s+", "", name)
    return re.sub(r"^(?:中国共产党|中共)", "", name)


def _core(name: str) -> str:
    """The part of a name after its last place word: 上海市普陀区司法局 → 司法局, 省政府办公厅 → 政府办公厅."""
    name = _NOISE.sub("", _strip(name))
    core = _PLACE.sub("", name)
    return core if len(core) >= 2 else name


def _subsequence(short: str, full: str) -> bool:
    rest = iter(full)
    return all(ch in rest for ch in short)


def _place(name: str) -> str:
    """The place words a name starts with: 上海市普陀区司法局 → 上海市普陀区, 省政府办公厅 → 省."""
    m = _PLACE.match(_NOISE.sub("", _strip(name)))
    return m.group(0) if m else ""


_QUALIFIER = re.compile(r"（([^）]*)）?$")
_OWN_QUALIFIERS = {"本级", "汇总", "部门", "单位", "本部", "机关", "本级机关", "部门本级"}


def same_unit(name: str, unit: str) -> bool:
    """Whether ``name`` (as a title or sentence prints it) can be the unit ``unit`` or one of its parts: its words
    after the place, and its place, are the unit's with some left out (深圳市统计局 is not 北京市统计局); a qualifier
    in brackets other than the unit's own (本级, 汇总 …) names something else (深圳市统计局（审计局）)."""
    qa, qb = _QUALIFIER.search(name), _QUALIFIER.search(unit)
    if qa and qb and qa.group(1) != qb.group(1) and qa.group(1) not in _OWN_QUALIFIERS:
        return False
    a, b = _strip(name), _strip(unit)
    if not a or not b:
        return True
    return any(_subsequence(_core(x), y) and _subsequence(_place(x), y) for x, y in ((a, b), (b, a)))


@dataclass(frozen=True)
class NameMismatch:
    """A name in a place where the document names its own unit that is not the unit."""

    name: str
    context: str


@lru_cache(maxsize=4096)
def self_names(text: str) -> tuple[tuple[str, str], ...]:
    """(name, context) for each name ``text`` gives in a place where a unit names itself (kept: the unit's name is
    read twice, to find the document's own unit and then the places that disagree)."""
    flat = re.sub(r"\s+", "", text)
    out: list[tuple[str, str]] = []
    for n, rx in enumerate(_SELF):
        for m in rx.finditer(flat):
            name = _NOISE.sub("", _AFTER_HEADING.sub("", m["name"]))
            if len(name) < 3 or _GENERIC.search(name) or len(_core(name)) < 2:
                continue
            if n in _STRICT and not _PLACED.match(name):
                continue
            out.append((name, flat[max(0, m.start() - 8):m.end() + 8]))
    return tuple(out)


def unit_names(texts: Sequence[str], rows: Sequence[str] = ()) -> frozenset[str]:
    """The names of units a department lists ("纳入…编制范围的单位包括：A、B、C" in ``texts``, a per-unit row
    "上海市普陀区公证处" among the ``rows``' labels)."""
    out = {flat for row in rows if re.fullmatch(rf"{_HAN}{{3,30}}{_ORG}(?:（[^）]*）)?", flat := re.sub(r"\s+", "", row))}
    for text in texts:
        flat = re.sub(r"\s+", "", text)
        for m in re.finditer(r"包括[:：]?([^。]{0,400})", flat):
            out.update(x for x in re.split(r"[、，,；;：:]", m.group(1)) if re.search(rf"{_ORG}(?:（[^）]*）)?(?:本级)?$", x))
    return frozenset(out)


# a table's header line: "编制单位：上海市普陀区司法局", "部门（单位）：X 单位：万元", "单位：X 金额单位：万元" (a 单位：
# line names the unit only where the money unit follows it), "507-湖州市卫生健康委员会 万元" (the unit's code and name)
_HEADER = re.compile(r"(?:(?P<key>编制单位|编制部门|单位名称|部门名称|部门（单位）(?:名称)?|部门\(单位\)|预算单位|预算主管部门|部门"
                     r"|单位(?=\s*[:：][^:：]*(?:金额)?单位\s*[:：]))\s*[:：]|^(?P<code>\d{3,9})[-－_])\s*"
                     r"(?P<unit>[^\s:：]+?)(?:\s|单位\s*[:：]|金额单位|$)")


def header_mismatches(lines: list[str], unit: str, known: frozenset[str] = frozenset(),
                      elsewhere: str = "") -> list[NameMismatch]:
    """The table header lines ("编制单位：上海市普陀区司法局  单位：元") that name another unit than ``unit``. A name printed
    over several tables, one of ``known`` (a department's units, as listed) or named anywhere in ``elsewhere`` (the rest of the
    document) is one of the document's own units (a 预算主管部门, a unit of the department), not a stray."""
    names = [(m["unit"], line) for line in lines if (m := _HEADER.search(line))]
    counts: dict[str, int] = {}
    for name, _ in names:
        counts[name] = counts.get(name, 0) + 1
    flat = re.sub(r"\s+", "", elsewhere)
    out: dict[str, NameMismatch] = {}
    for name, line in names:
        if (len(name) < 3 or _GENERIC.search(name) or counts[name] > 1 or same_unit(name, unit) or name in flat
                or name in known):
            continue
        out.setdefault(name, NameMismatch(name, line.strip()))
    return list(out.values())


def said_names(texts: Sequence[str], headers: Sequence[str]) -> list[str]:
    """Every name the ``texts`` (titles printed in the document, sentences, notes) and the tables' ``headers`` give
    the document's own unit, once per place: not a 预算主管部门 (a unit's parent department)."""
    out = [name for text in texts for name, context in self_names(text) if "主管部门" not in context]
    return out + [m["unit"] for line in headers if (m := _HEADER.search(line)) and "主管" not in (m["key"] or "")]


def own_unit(unit: str, said: Sequence[str], others: frozenset[str] = frozenset()) -> str:
    """The unit the document names itself: ``unit`` (its identity, read from its cover or its tables' headers), or
    the one other unit the places where the document names itself name at least three times while naming ``unit``
    once at most — the identity was read from the one place that names another unit (a cover, a table header).
    Where those places name more units than that one (besides ``others``, a department's own units), ``unit``
    stays."""
    if sum(same_unit(n, unit) for n in said) > 1:
        return unit
    other = [n for n in said if not same_unit(n, unit) and len(_core(n)) >= 2 and not _GENERIC.search(n)]
    best = max(dict.fromkeys(other), key=lambda v: (sum(same_unit(n, v) for n in other), len(v)), default=None)
    if best is None or sum(same_unit(n, best) for n in other) < 3:
        return unit
    if any(not same_unit(n, best) and not any(same_unit(n, o) for o in others) for n in other):
        return unit  # the document is not of one mind
    return best


def name_mismatches(text: str, unit: str, others: frozenset[str] = frozenset()) -> list[NameMismatch]:
    """The names ``text`` gives its own unit that are neither ``unit`` nor one of ``others`` (a department's units)."""
    seen: dict[str, NameMismatch] = {}
    for name, context in self_names(text):
        if same_unit(name, unit) or any(same_unit(name, o) for o in others):
            continue
        seen.setdefault(name, NameMismatch(name, context))
    return list(seen.values())


# -- the report year ----------------------------------------------------------------------------------------------

_AS_OF = re.compile(r"(?P<word>截至|截止到|截止)(?P<year>(?:19|20)\d{2})年(?P<when>12月(?:31日)?|年?底|年?末|\d{1,2}月(?:\d{1,2}日)?)?")
_COMPARED = re.compile(r"(?P<word>比|较|与|同|对比)(?P<year>(?:19|20)\d{2})年度?(?P<what>[^，,。；;]{0,12})")
_PREVIOUS = re.compile(r"上年度?[（(](?P<year>(?:19|20)\d{2})年?度?[)）]|(?P<year2>(?:19|20)\d{2})年度?[（(]上年度?[)）]")


@dataclass(frozen=True)
class Issue:
    """One disagreement found in a text: what was found (verbatim, with a little context) and why it is wrong."""

    kind: str  # unit-name | as-of-date | report-year | placeholder | contents-missing | contents-unlisted
    text: str
    zh: str
    en: str


def _around(text: str, m: re.Match[str], before: int = 12, after: int = 12) -> str:
    return text[max(0, m.start() - before):m.end() + after]


def year_issues(text: str, year: int, final: bool) -> list[Issue]:
    """As-of dates and compared years that do not fit the report year ``year`` (``final``: a 决算).

    截至 the end of a year (12月31日, 年底, 年末) in a 决算 is the end of its own year; in a 预算 the state is that of
    the year before (or a date of it, or of the budget year): never the end of the budget year nor a later date.
    An earlier 截至 in a budget is :ref:`cnbsh:year-range`'s (a Warning there). A compared year (比 / 较 / 与 2025 年)
    is the year before (a 决算 also compares with its own year's budget: 与2024年年初预算相比); 上年（2024年） names it.
    """
    flat = re.sub(r"\s+", "", text)
    out: list[Issue] = []
    for m in _AS_OF.finditer(flat):
        y, when = int(m["year"]), m["when"] or ""
        year_end = bool(when) and (when.startswith("12月") or when.endswith(("底", "末")))
        if final and year_end and y != year:
            out.append(Issue("as-of-date", _around(flat, m),
                             f"决算的年末时点应为本年末（{year}年12月31日），此处为{y}年",
                             f"the year-end date of a final account is the end of its own year ({year}-12-31), not {y}"))
        elif not final and (y > year or (y == year and year_end)):
            out.append(Issue("as-of-date", _around(flat, m),
                             f"{year}年预算的时点不应晚于编制时（此处为{y}年{when}）",
                             f"a {year} budget states a date after it was drawn up ({y} {when})"))
    for m in _COMPARED.finditer(flat):
        y, what = int(m["year"]), m["what"]
        if y == year - 1 or (final and y == year and re.match(r"(?:年初|调整|全年)?预算", what)):
            continue
        if not re.search(r"相比|增加|减少|增长|下降|持平|上升|降低|变化|基本一致|有所", what + flat[m.end():m.end() + 24]):
            continue  # "与2024年…" that is not a comparison of amounts
        if y < year - 1 and not final and "决算" in what:
            continue  # a budget compares with the last final account it has (two years before)
        out.append(Issue("report-year", _around(flat, m, 16, 8),
                         f"{year}年{'决算' if final else '预算'}与上年比较，上年应为{year - 1}年，此处为{y}年",
                         f"the {year} {'final account' if final else 'budget'} compares with {y}; the year before is {year - 1}"))
    for m in _PREVIOUS.finditer(flat):
        y = int(m["year"] or m["year2"])
        if y != year - 1:
            out.append(Issue("report-year", _around(flat, m),
                             f"“上年”应为{year - 1}年，此处写作{y}年", f"'上年' (the year before) is {year - 1}, not {y}"))
    for m in _SCOPE_YEAR.finditer(flat):
        if int(m["year"]) != year:
            out.append(Issue("report-year", _around(flat, m), f"本文件为{year}年{'决算' if final else '预算'}，编制范围写作{m['year']}年",
                             f"the scope of the {year} document is said to be that of {m['year']}"))
    return out


# the units a document covers: "纳入2024年度部门预算编制范围的单位包括…", "2024年度部门预算的单位包括…" (its own year)
_SCOPE_YEAR = re.compile(r"(?<![比较与同至止\d])(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)(?:综合)?(?:预算|决算)(?:的单位|编制范围)")


# where a document states its own year: a title or heading of its budget or its tables ("2024年度部门预算",
# "2026年部门收支总表"), a sentence that states its totals ("我校2024年收支总预算582,276.35万元") — not a comparison
_TITLE_YEAR = re.compile(r"(?<![比较与同至止\d])((?:19|20)\d{2})\s*年度?(?=[^，。；;,]{0,30}(?:预算|决算|表$))")
_STATED_YEAR = re.compile(r"(?<![比较与同至止\d])((?:19|20)\d{2})年度?(?:本年)?(?:(?:部门|单位)?(?:财政拨款)?(?:收支总?|收入|支出)"
                          r"(?:预算|决算)(?:总[额数计])?(?:为|是|\d|合计)|(?:部门|单位)(?:预算|决算)(?:的单位|编制范围|包括))")


def stated_years(texts: Sequence[tuple[str, bool]]) -> list[tuple[int, str]]:
    """(year, context) for each place the ``texts`` (text, whether a title) state the document's own year."""
    out: list[tuple[int, str]] = []
    for text, heading in texts:
        flat = re.sub(r"\s+", "", text)
        rx = _TITLE_YEAR if heading and len(flat) <= 60 else _STATED_YEAR
        out.extend((int(m.group(1)), _around(flat, m)) for m in rx.finditer(flat))
    return out


_UNIT_YEAR = re.compile(rf"{_NAME}(?:（本级）|本级)?(?P<year>(?:19|20)\d{{2}})年度?(?:部门|单位)?(?:收入|支出|收支|财政拨款|一般公共预算"
                       r"|政府性基金|国有资本|政府采购|机关运行经费)")


def unit_year_issues(text: str, unit: str, year: int) -> list[Issue]:
    """Sentences where the unit states its own amounts under another year than the report's ("无锡市信访局2024年度一般
    公共预算拨款安排的会议费预算支出0.44万元" in a 2025 budget)."""
    flat = re.sub(r"\s+", "", text)
    out = []
    for m in _UNIT_YEAR.finditer(flat):
        name = _NOISE.sub("", _AFTER_HEADING.sub("", m["name"]))
        if int(m["year"]) != year and _PLACED.match(name) and same_unit(name, unit):
            out.append(Issue("report-year", _around(flat, m, 4, 12), f"本文件为{year}年度，此处写作{m['year']}年",
                             f"the document is of {year}; this sentence says {m['year']}"))
    return out


def own_year(year: int, stated: Sequence[int]) -> int:
    """The year the document states itself: ``year`` (its identity), or the one other year its titles and
    statements name at least three times while naming ``year`` once at most (the identity was read from the one
    place that names another year, a cover)."""
    others = {y for y in stated if y != year}
    if stated.count(year) > 1 or len(others) != 1:
        return year
    (other,) = others
    return other if stated.count(other) >= 3 else year


def contents_year(entry: str, year: int) -> list[Issue]:
    """A title of the contents ("4．2025年预算单位财政拨款收支预算总表" in a 2026 budget) that names another year than
    the report's (a year in brackets names a fund's or a project's vintage). Titles printed on the tables themselves
    are cnbsh:year-title's."""
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", re.sub(r"（[^）]*）|\([^)]*\)", "", entry))}
    return [Issue("report-year", entry, f"目录中的「{entry}」写作{y}年，报告年度为{year}年",
                  f"the contents entry '{entry}' names {y}; the report year is {year}") for y in sorted(years - {year})]


# -- placeholders ---------------------------------------------------------------------------------------------------

# in row and column labels, project names, goals, indicators and the contents: every placeholder form
_PLACEHOLDER = re.compile(r"(?:XX|xx|ＸＸ|××|＊＊|○○|某某|(?:19|20)\d[XxＸ×])+")
# in titles, headings, notes and the narrative (whose XX / ×× / 某某 cnbsh:template-residue reads): a year or a date
# left as a template ("202X年", "X月X日")
_PLACEHOLDER_DATE = re.compile(r"(?:19|20)\d[XxＸ×]\s*年度?|(?<![A-Za-z])[XxＸ×]{1,2}\s*月\s*[XxＸ×]{1,2}\s*日")


def placeholders(text: str, *, everywhere: bool) -> list[str]:
    """The placeholders left in ``text``: all forms (``everywhere``), or only template dates (202X年, X月X日)."""
    rx = _PLACEHOLDER if everywhere else _PLACEHOLDER_DATE
    return [m.group(0) for m in rx.finditer(text)]


# -- the table of contents ------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|表\s*\d+(?:-\d+)?|公开表\s*\d+(?:-\d+)?|附表\s*\d*[、.．]?)")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_FILLER = re.compile(r"情况|总体|公开|部门|单位|本级|综合|[“”\"'‘’]|（[^）]*）|\([^)]*\)|\s+")
_HEADING = re.compile(r"^(?:预算|决算)?(?:报)?表$|^(?:预算|决算)(?:公开)?(?:报)?表$")


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(entry: str) -> int | None:
    """The sequence number of a contents entry: 十二、… → 12, 4．… → 4, 表3 … → 3."""
    m = re.match(r"^(?:公开表|附表|表)?\s*(?:(?P<d>\d{1,2})|(?P<c>[一二三四五六七八九十]+))", re.sub(r"\s+", "", entry))
    if m is None:
        return None
    if m["d"]:
        return int(m["d"])
    c = m["c"]
    if "十" not in c:
        return _DIGITS.get(c) if len(c) == 1 else None
    tens, _, ones = c.partition("十")
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


def _style(entry: str) -> str:
    x = re.sub(r"\s+", "", entry)
    return "表" if re.match(r"^(?:公开表|附表|表)", x) else "一" if re.match(r"^[一二三四五六七八九十]", x) else "1"


def _contents(listed: Sequence[str]) -> tuple[list[str], bool]:
    """The table of contents among the titles a document names, in whatever order they come (``cnb:listsTable`` is a
    set of literals: the graph keeps no order): the longest run of entries numbered 1 (or 2), 2, 3 … in one style,
    one number left out at most between two, in the order of their numbers; and whether each number of the run has
    as many entries as the others.

    One style may number two lists: the contents and the tables' own numbered titles ("表1.2026年…总表" on the contents
    page, "表1：2026年…总表" above the table; "一、收支预算总表" and "一、2017年度江苏省高级人民法院部门收支预算总表").
    Then every number has one entry per list, and the entries of both are returned. Where some numbers have fewer
    entries than others, one of the lists leaves a table out, and which one (the contents, or the reader missing a
    title above its table) cannot be told from the titles alone: the second value is False."""
    by_style: dict[str, dict[int, list[str]]] = {}
    for x in dict.fromkeys(listed):
        if not _NUMBERED.match(re.sub(r"\s+", "", x)) or _PART.match(x) or (n := _number(x)) is None:
            continue
        by_style.setdefault(_style(x), {}).setdefault(n, []).append(x)
    best: list[int] = []
    style = ""
    for st in ("一", "1", "表"):
        run: list[int] = []
        for n in sorted(by_style.get(st, {})):
            if run and 0 < n - run[-1] <= 2:
                run.append(n)
            elif run:
                break
            elif n <= 2:  # a run starts at 1 (at 2 when the first entry is a part heading such as 一、单位预算表)
                run = [n]
        if len(run) > len(best):
            best, style = run, st
    if not best:
        return [], True
    entries = by_style[style]
    counts = {len(entries[n]) for n in best}
    return [x for n in best for x in sorted(entries[n])], len(counts) == 1


def _complete(entries: list[str], listed: list[str], keys: list[str], unit: str) -> bool:
    """Whether the contents are known in full: their entries run 1, 2, … N without a gap, or a number is left out
    and no piece of a title is left over (an entry printed over two lines, "十一、一般公共预算“三公”经费、会议费、培训费支"
    + "出预算表", is not read as one title: the gap is the reader's, not the document's)."""
    numbers = sorted({n for x in entries if (n := _number(x)) is not None})
    if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return True
    return not any(len(re.sub(r"\s+", "", x)) <= 8 and not _NUMBERED.match(x) and not _PART.match(x)
                   and not re.search(r"\d", x) and not _HEADING.match(_key(x, unit))  # not a label nor a part's title
                   and not re.search(r"(?:目标|自评)表$", x)  # a piece of a project's performance sheet title (59 泉州)
                   and not any(_matches(_key(x, unit), k) for k in keys) for x in listed)


def _key(title: str, unit: str) -> str:
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^[:：.．、]", "", _NUMBERED.sub("", t))  # 表1：…, 表1.…
    t = re.sub(r"(?:19|20)\d{2}年度?", "", t).replace(re.sub(r"\s+", "", unit), "")
    return _FILLER.sub("", t)


def _matches(a: str, b: str) -> bool:
    """Whether two titles' keys name the same table: the shorter is the longer with a few words left out (not 支出表
    for 政府性基金预算支出表)."""
    short, long = sorted((a, b), key=len)
    return bool(short) and len(short) >= 0.75 * len(long) and _subsequence(short, long)


def _core_words(key: str) -> str:
    return re.sub(r"预算|决算|支出|收入|财政拨款|明细|表", "", key)


def contents_issues(listed: list[str], tables: list[tuple[str, str, bool]], unit: str, texts: list[str]) -> list[Issue]:
    """The contents against the tables read: ``listed`` are the table titles the document names (its contents and
    its pages), ``tables`` (title, role, untitled) the tables read, ``texts`` the narrative and the tables' notes.

    The contents are the numbered entries ("一、收支总表", "4．2026年预算单位财政拨款收支预算总表"); a part heading
    ("五、单位预算表") is not a table. Nothing is said where no table was read (a tables-only companion holds them, or
    the tables are images) or where fewer than three entries are numbered. An entry is missing when no table read
    matches it, its title is named nowhere but in the contents (a table the reader missed still prints its title), at
    least half the entries were found (the reading is sound), and no sentence or note calls it empty (空表, 无数据,
    不涉及 …). A table is unlisted when the contents list five entries or more, at least 80 % of the main tables
    match an entry, and it is a titled table that is not a performance sheet (those often stand in an appendix), unless
    the contents list one. The titles come in no order (``cnb:listsTable`` is a set): the contents are read from the
    entries' numbers (:func:`_contents`).
    """
    read = [(_key(t, unit), role, t) for t, role, untitled in tables if not untitled]
    run, uniform = _contents(listed)
    entries = [(x, k) for x in run if (k := _key(x, unit)) and not _HEADING.match(k)]
    if not read or len(entries) < 3:
        return []
    others = [_key(x, unit) for x in listed if x not in run]
    keys = {k for k, _, _ in read}
    found = [k in keys for _, k in entries]
    # a table numbered in a list of its own ("表2：综合评价得分情况表" of an appendix, beside contents numbered 一、二、…)
    # is listed there, not in the contents
    style = _style(run[0])
    own = [_key(x, unit) for x in listed if x not in run and _NUMBERED.match(re.sub(r"\s+", "", x))
           and not _PART.match(x) and _style(x) != style]
    # performance sheets often stand in an appendix the contents leave out: held against the contents only where the
    # contents list one ("10、部门整体支出绩效目标表", 42 长沙职教基地)
    sheets = any(role == "performance" and _matches(e, k) for _, e in entries for k, role, _ in read)
    main = [(k, title) for k, role, title in read
            if (role != "performance" or sheets) and not any(_matches(k, o) for o in own)]
    listed_main = [k in {e for _, e in entries} for k, _ in main]
    # the entries and tables left over are paired by a title with a few words left out, then by a title that holds the
    # other ("七、政府性基金支出预算表" in the contents, "财政拨款政府性基金支出预算表" on its page: one table, titled two ways)
    for test in (_matches, lambda a, b: _subsequence(a, b) or _subsequence(b, a)):
        for n, (_, e) in enumerate(entries):
            if found[n]:
                continue
            j = next((j for j, (k, _) in enumerate(main) if not listed_main[j] and test(e, k)), None)
            if j is not None:
                found[n] = listed_main[j] = True
            elif any(test(e, k) for k, role, _ in read if role == "performance"):
                found[n] = True
    out: list[Issue] = []
    if sum(found) * 2 >= len(entries):
        sentences = [s for text in texts for s in re.split(r"[。；;\n]", text)
                     if re.search(r"空表|无数据|不涉及|未安排|无此|没有|为零|为0|无.{0,12}(?:收入|支出|预算|决算)", s)]
        for (title, k), ok in zip(entries, found, strict=True):
            twins = [kk for x, kk in entries if x != title and _number(x) == _number(title)]  # the other list's entry
            if ok or any(_matches(k, o) for o in others + twins):
                continue
            core = _core_words(k) or k
            if any(core in re.sub(r"\s+", "", s) for s in sentences):
                continue
            out.append(Issue("contents-missing", title, f"目录列出「{title}」，正文中没有该表",
                             f"the contents list '{title}', but the document has no such table"))
    if uniform and len(entries) >= 5 and main and _complete([x for x, _ in entries], listed, [k for k, _, _ in read], unit):
        if sum(listed_main) >= 0.8 * len(main):
            for (_, t), ok in zip(main, listed_main, strict=True):
                if not ok:
                    out.append(Issue("contents-unlisted", t, f"表「{t}」未列入目录",
                                     f"the table '{t}' is not in the contents"))
    if not uniform:
        out.extend(Issue("contents-unlisted", t, f"表「{t}」未列入目录（目录中没有第{_number(t)}项）",
                         f"the table '{t}' is not in the contents (the contents have no entry {_number(t)})")
                   for t in _unlisted_twins(run, [t for t, _, _ in tables]))
    return out


def contents_gaps(contents: Sequence[str], listed: Sequence[str], tables: list[tuple[str, str, bool]],
                  unit: str) -> list[Issue]:
    """A table the contents page leaves out between two it lists: ``contents`` are the numbered lines of the contents
    page in print order (its part headings, 第二部分 …, start a new list). In a list of tables (most entries name a
    表) numbered in one style and in order, one number is missing between two that are there ("四、…财政拨款收支预算总表",
    "六、…财政拨款基本支出预算表"), and the document prints a table titled with that number above it ("五、2018年度…财政拨款
    支出预算表", 79 江苏高院 p8) which no entry names: the contents leave that table out. Where the contents and the
    tables' own titles are the same strings, this is the only way to tell: ``cnb:listsTable`` holds each title once."""
    read = [_key(t, unit) for t, _, untitled in tables if not untitled]
    segments: list[list[str]] = [[]]
    for x in contents:
        if _PART.match(re.sub(r"\s+", "", x)):
            segments.append([])
        elif _NUMBERED.match(re.sub(r"\s+", "", x)) and _number(x) is not None:
            segments[-1].append(x)
    out: list[Issue] = []
    for entries in segments:
        if len(entries) < 4 or 2 * sum("表" in x for x in entries) < len(entries) or len({_style(x) for x in entries}) > 1:
            continue
        numbers = [n for x in entries if (n := _number(x)) is not None]
        if numbers != sorted(set(numbers)):
            continue  # not one list in order
        gaps = [n for n in range(numbers[0], numbers[-1]) if n not in numbers]
        if len(gaps) != 1:
            continue
        keys = {_key(x, unit) for x in entries}
        for title in dict.fromkeys(listed):
            k = _key(title, unit)
            if (_style(title) == _style(entries[0]) and _number(title) == gaps[0] and k and k not in keys
                    and any(_matches(k, r) for r in read)):
                out.append(Issue("contents-unlisted", title, f"表「{title}」未列入目录（目录列出第{gaps[0] - 1}项和第"
                                 f"{gaps[0] + 1}项，没有第{gaps[0]}项）",
                                 f"the table '{title}' is not in the contents (they list entries {gaps[0] - 1} and "
                                 f"{gaps[0] + 1}, not {gaps[0]})"))
    return out


def _unlisted_twins(run: list[str], titles: list[str]) -> list[str]:
    """Where the contents and the tables' own titles are numbered alike (一、收支预算总表 on the contents page,
    一、2017年度…部门收支预算总表 above the table) and one number has only the title printed above its table, while
    every other number has both, the contents leave that table out: its numbered title."""
    own = {re.sub(r"\s+", "", t) for t in titles}
    by_number: dict[int | None, list[bool]] = {}
    for x in run:
        bare = re.sub(r"^[:：.．、]", "", _NUMBERED.sub("", re.sub(r"\s+", "", x)))
        by_number.setdefault(_number(x), []).append(bare in own)
    pairs = [v for v in by_number.values() if sorted(v) == [False, True]]
    lone = [n for n, v in by_number.items() if v == [True]]
    if len(pairs) < 4 or len(pairs) + len(lone) != len(by_number) or len(lone) > 1:
        return []
    return [x for x in run if _number(x) in lone]


# -- the validation copy --------------------------------------------------------------------------------------------

_DOC = f"""SELECT ?d ?year ?phase ?unit ?title WHERE {{
  ?d a <{CNB.BudgetDocument}> ; <{CNB.fiscalYear}> ?year ; <http://data.openbudgets.eu/ontology/dsd/dimension/budgetPhase> ?phase ;
     <{CNB.unit}> ?u . ?u <{SKOS.prefLabel}> ?unit . OPTIONAL {{ ?d <{DCTERMS.title}> ?title }} }}"""


def _values(store: ox.Store, s: ox.NamedNode, p: str) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(s, ox.NamedNode(p), None) if isinstance(q.object, ox.Literal)]


def _nodes(store: ox.Store, s: ox.NamedNode, p: str) -> list[ox.NamedNode]:
    return [q.object for q in store.quads_for_pattern(s, ox.NamedNode(p), None) if isinstance(q.object, ox.NamedNode)]


def document_issues(store: ox.Store) -> list[tuple[ox.NamedNode, ox.NamedNode, Issue]]:
    """(document, the node the text belongs to, issue) for every disagreement of each document of the copy."""
    solutions = store.query(_DOC)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    out: list[tuple[ox.NamedNode, ox.NamedNode, Issue]] = []
    for sol in list(solutions):
        doc = sol["d"]
        if not isinstance(doc, ox.NamedNode):
            continue
        year, final, unit = int(sol["year"].value[:4]), sol["phase"].value.endswith("executed"), sol["unit"].value
        title = sol["title"].value if sol["title"] is not None else ""
        tables = _nodes(store, doc, CNB.hasTable)
        sections = _nodes(store, doc, CNB.hasSection)
        texts: list[tuple[ox.NamedNode, str, bool]] = [(doc, title, True)]  # (node, text, a title)
        labels: list[tuple[ox.NamedNode, str]] = []  # row and column labels, projects, goals, indicators
        row_labels: list[str] = []  # the rows' labels, for the units a department's tables list
        table_facts: list[tuple[str, str, bool]] = []
        notes: list[str] = []
        repeated: list[Placed] = []  # a table's header printed again on its continuation pages
        for t in tables:
            # one place per text and table (a header repeated on forty pages is one header; a misprinted one differs)
            firsts: dict[str, ox.NamedNode] = {}
            for _, n, x, _ in _kept_lines(store, t):
                firsts.setdefault(x, n)
            repeated.extend((n, x) for x, n in firsts.items())
            t_title = next(iter(_values(store, t, DCTERMS.title)), "")
            label = next(iter(_values(store, t, CNB.tableLabel)), "")
            role = next((n.value.rsplit("/", 1)[-1] for n in _nodes(store, t, CNB.tableRole)), "")
            table_facts.append((t_title, role, label.startswith("无标题表")))
            texts.append((t, t_title, True))
            for note in _values(store, t, CNB.note) + _values(store, t, CNB.emptyReason):
                texts.append((t, note, False))
                notes.append(note)
            for r in _nodes(store, t, CNB.hasRow):
                labels.extend((t, x) for x in _values(store, r, CNB.rowLabel))
                row_labels.extend(_values(store, r, CNB.rowLabel))
            for c in _nodes(store, t, CNB.hasColumn):
                labels.extend((t, x) for x in _values(store, c, CNB.columnLabel))
        for s in sections:
            texts.extend((s, x, True) for x in _values(store, s, DCTERMS.title))
            texts.extend((s, x, False) for x in _values(store, s, CNB.sectionText))
        for g in _nodes(store, doc, CNB.hasGoal):
            labels.extend((g, x) for x in _values(store, g, CNB.projectName) + _values(store, g, CNB.goalText))
            for i in _nodes(store, g, CNB.hasIndicator):
                labels.extend((g, x) for p in (CNB.indicatorName, CNB.targetText) for x in _values(store, i, p))
        listed = _values(store, doc, CNB.listsTable)
        labels.extend((doc, x) for x in listed)
        kept = _kept_lines(store, doc)
        heads = [(n, x, page) for kind, n, x, page in kept if kind == "running-head"]
        # the cover counts once: where the narrative holds it too (its first section opens with it), it is there
        read = "".join(re.sub(r"\s+", "", x) for _, x, _ in texts[1:])  # not the title made from the identity
        texts.extend((n, x, True) for kind, n, x, _ in kept if kind in ("caption", "signature", "heading")
                     or kind == "cover" and re.sub(r"\s+", "", x)[:12] not in read)
        texts.extend((n, x, False) for kind, n, x, _ in kept if kind == "contents")  # a unit's place, not a title
        unverified = [(t, x) for t in tables if _values(store, t, CNB.unverifiedReason)
                      for x in _values(store, t, DCTERMS.title)]
        scope_department = any(n.value.endswith("department") for n in _nodes(store, doc, CNB.scope))
        others = unit_names([x for _, x, _ in texts], [x for _, x in labels]) if scope_department else frozenset()
        headers = [(t, x) for t in tables for x in _values(store, t, CNB.headerLine)] + repeated
        narrative = [x for s in sections for x in _values(store, s, CNB.sectionText)]
        elsewhere = "".join(narrative) + "".join(x for _, x in labels)
        issues = unit_issues(doc, [(node, text) for node, text, _ in texts], headers, unit, others, elsewhere)
        if not issues:  # the place that names the unit (the cover's line, with its page), else the document
            named = [(n, x) for kind, n, x, _ in kept if kind in ("cover", "heading", "signature", "caption")
                     and _strip(unit) in _strip(x)]
            at, line = named[0] if named else (doc, unit)
            issues.extend((at, replace(i, text=line)) for i in unit_row_issues(unit, row_labels))
        issues.extend(_identity_year(doc, texts, year))
        issues.extend(head_issues(heads, unit, year, others, elsewhere))
        issues.extend((doc, i) for node, x in unverified for i in unverified_title_year(x, year))
        issues.extend((n, i) for kind, n, x, _ in kept if kind == "heading" for i in unverified_title_year(x, year))
        headings = {x for _, x, heading in texts if heading}
        issues.extend((n, i) for kind, n, x, _ in kept if kind == "contents" for i in contents_entry_year(x, year, headings))
        for node, text, _ in texts:
            issues.extend((node, i) for i in year_issues(text, year, final) + unit_year_issues(text, unit, year))
            issues.extend((node, _placeholder(p, text)) for p in placeholders(text, everywhere=False))
        for node, text in labels:
            issues.extend((node, _placeholder(p, text)) for p in placeholders(text, everywhere=True))
        printed = {title for title, _, _ in table_facts} | {x for node, x, heading in texts if heading}
        issues.extend((doc, i) for x in listed if x not in printed for i in contents_year(x, year))
        # the document, not the table, is the evidence: a title is not withheld with an unverified table's numbers
        found = contents_issues(listed, table_facts, unit, narrative + notes)
        contents = [x for _, n, x, _ in sorted((k for k in kept if k[0] == "contents"), key=_line_order)]
        found += [i for i in contents_gaps(contents, listed, table_facts, unit) if i.text not in {f.text for f in found}]
        issues.extend((doc, i) for i in found)
        seen: set[tuple[str, str, str]] = set()
        for node, issue in issues:  # one finding per place and disagreement (a wrong year repeated in a section)
            if (node.value, issue.kind, issue.zh) not in seen:
                seen.add((node.value, issue.kind, issue.zh))
                out.append((doc, node, issue))
    return out


Placed = tuple[ox.NamedNode, str]  # (the node a text belongs to, the text)


def unit_issues(doc: ox.NamedNode, texts: list[Placed], headers: list[Placed], unit: str, others: frozenset[str],
                elsewhere: str) -> list[tuple[ox.NamedNode, Issue]]:
    """The places that name another unit than the document's own (:func:`own_unit`): ``texts`` are the document's
    title (first; made from its identity), headings, sentences and notes, ``headers`` the tables' header lines.
    Where the identity's name is printed once at most and another unit's name is printed too, which of the two is
    wrong cannot be told: both places are reported as disagreeing."""
    said = said_names([x for _, x in texts[1:]], [x for _, x in headers])
    own = own_unit(unit, said, others)
    out: list[tuple[ox.NamedNode, Issue]] = []
    if own != unit:  # the title is the identity's (cover or header), which the rest of the document contradicts
        out.append((doc, _identity_issue(unit, own, texts[0][1], sum(same_unit(n, own) for n in said))))
    for node, text in texts[1:] if own != unit else texts:
        out.extend((node, Issue("unit-name", m.context, f"此处单位名称为「{m.name}」，本文件的单位是「{own}」",
                                f"the unit is named '{m.name}' here; the document's unit is '{own}'"))
                   for m in name_mismatches(text, own, others))
    for m in header_mismatches([x for _, x in headers], own, others, elsewhere):
        out.extend((t, Issue("unit-name", m.context, f"表头单位名称为「{m.name}」，本文件的单位是「{own}」",
                             f"the table's header names the unit '{m.name}'; the document's unit is '{own}'"))
                   for t, line in headers if line.strip() == m.context)
    differ = [n for n in said if not same_unit(n, unit)]
    if out and differ and own == unit and len(said) - len(differ) <= 1:
        out.extend(_weak_identity(texts[1:], headers, unit, differ[0]))
    elif not out and own == unit and len(said) - len(differ) == 1 and len(differ) >= 2 and all(
            same_unit(n, differ[0]) or same_unit(differ[0], n) for n in differ):
        # the identity's name is printed in one place (the cover), every other place names one other unit — one the
        # department also lists among its units (so no place was reported above): the one place disagrees with them
        out.extend(_weak_identity(texts[1:], headers, unit, differ[0]))
    return out


_DIVISION = re.compile(r"(?:处|科|室|组|股)$")  # an office's internal division, not a unit of its own
_AGENCY = re.compile(r"(?:局|委员会|办公厅|厅|部|委|办公室|办)$")  # a department's own kind of name


def unit_row_issues(unit: str, rows: Sequence[str]) -> list[Issue]:
    """The document's unit among the units its tables list row by row (收入总表 / 支出总表 by unit: "合计",
    "西安市安全生产监督管理局", "西安市安全生产宣传教育中心" …): a department's tables list its own units, the department
    itself (or its 本级) among them. Where two or more units are listed and none is the unit the document names
    itself (nor a part of it), the cover and the tables name different departments (52 西安市安监局's tables under
    a cover naming another 局). Internal divisions (…处, …科) listed as rows are not units."""
    units = sorted(n for n in unit_names([], rows) if not _DIVISION.search(re.sub(r"（[^）]*）$", "", n)))
    if len(units) < 2 or any(same_unit(n, unit) or same_unit(unit, n) for n in units):
        return []
    # a department's subordinate units are often named otherwise (西安市发改委: 西安市经济研究所, 西安市公共资源交易中心):
    # only a listed department of the unit's own kind and place (another …局 of 西安市) names a different department
    kind = _AGENCY.search(_strip(unit))
    if kind is None or not any((m := _AGENCY.search(_strip(n))) and m.group(0) == kind.group(0)
                               and _place(n) == _place(unit) for n in units):
        return []
    more = len(units) > 3
    return [Issue("unit-name", unit, f"本文件的单位是「{unit}」，而表中逐行列出的 {len(units)} 个单位（{'、'.join(units[:3])}"
                  f"{'等' if more else ''}）中没有该单位", f"the document's unit is '{unit}', but it is none of the "
                  f"{len(units)} units its tables list row by row ({', '.join(units[:3])}{' …' if more else ''})")]


def _weak_identity(texts: list[Placed], headers: list[Placed], unit: str, other: str) -> list[tuple[ox.NamedNode, Issue]]:
    """The places that name the identity's ``unit`` where the document also names ``other`` in its place."""
    zh, en = f"单位名称为「{unit}」，本文件他处写作「{other}」", f"the unit is named '{unit}' here, '{other}' elsewhere"
    out = [(node, Issue("unit-name", context, "此处" + zh, en)) for node, text in texts
           for name, context in self_names(text) if same_unit(name, unit) and "主管部门" not in context]
    return out + [(t, Issue("unit-name", line.strip(), "表头" + zh, f"the table's header: {en}")) for t, line in headers
                  if (m := _HEADER.search(line)) and "主管" not in (m["key"] or "") and same_unit(m["unit"], unit)]


def _line_order(line: tuple[str, ox.NamedNode, str, int]) -> tuple[int, int]:
    """A kept line's place in print: its page, then the number of its node (…/page-line/N, in reading order)."""
    m = re.search(r"/page-line/(\d+)$", line[1].value)
    return line[3], int(m.group(1)) if m else 0


def _kept_lines(store: ox.Store, owner: ox.NamedNode) -> list[tuple[str, ox.NamedNode, str, int]]:
    """(kind, node, text, page) of the lines the reading kept of a document or a table (``dcterms:hasPart``): running
    heads, the cover, contents entries, a table's header printed again on a continuation page."""
    out: list[tuple[str, ox.NamedNode, str, int]] = []
    for n in _nodes(store, owner, DCTERMS.hasPart):
        page = _values(store, n, CNB.page)
        for kind in _values(store, n, DCTERMS.type):
            out.extend((kind, n, x, int(page[0]) if page else 0) for x in _values(store, n, CNB.verbatimText))
    return out


_HEAD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def head_issues(heads: Sequence[tuple[ox.NamedNode, str, int]], unit: str, year: int, others: frozenset[str],
                elsewhere: str) -> list[tuple[ox.NamedNode, Issue]]:
    """The running heads (or feet) that name another unit or year than the same head on the other pages.

    A running head names the report ("无锡市信访局2025年度部门预算公开" on each of 36 pages): a page whose head names
    another unit or another year is misprinted — where the heads of at least two other pages, and more pages than name
    that one, name the document's own unit (``unit``, short forms allowed) or its year. Where the heads name another
    unit on every page (a 部门's head over the pages of its 单位) or another year, which of the two is right is not
    certain: nothing is said. A unit of the department (``others``) or one the document names ``elsewhere`` is not a
    misprint."""
    out: list[tuple[ox.NamedNode, Issue]] = []
    named = [(node, page, [n for n, _ in self_names(text)]) for node, text, page in heads]
    agree = sum(any(same_unit(n, unit) for n in names) for _, _, names in named)
    flat = re.sub(r"\s+", "", elsewhere)
    for node, page, names in named:
        for name in names:
            if same_unit(name, unit) or name in flat or any(same_unit(name, o) for o in others):
                continue
            alike = sum(any(same_unit(n, name) for n in ns) for _, _, ns in named)
            if agree >= 2 and agree > alike:
                out.append((node, Issue("unit-name", name, f"第{page}页页眉单位名称为「{name}」，其他{agree}页页眉及本文件的单位是「{unit}」",
                                        f"the running head of page {page} names '{name}'; the heads of {agree} other pages "
                                        f"and the document name '{unit}'")))
                break
    stated = [(node, page, min(years)) for node, text, page in heads
              if len(years := {int(y) for y in _HEAD_YEAR.findall(re.sub(r"\s+", "", text))}) == 1]
    agree = sum(y == year for _, _, y in stated)
    for node, page, y in stated:
        if y != year and agree >= 2 and agree > sum(z == y for _, _, z in stated):
            out.append((node, Issue("report-year", f"{y}年", f"第{page}页页眉年度为{y}年，其他{agree}页页眉及本文件为{year}年",
                                    f"the running head of page {page} names {y}; the heads of {agree} other pages and "
                                    f"the document name {year}")))
    return out


def contents_entry_year(entry: str, year: int, headings: set[str]) -> list[Issue]:
    """A contents entry ("五、2020年部门预算收支说明" on the contents page of a 2021 budget) that names another year than
    the report's, where the heading it lists prints the report's year ("五、2021年部门预算收支说明" in the body):
    the entry disagrees with its own heading."""
    flat = re.sub(r"\s+", "", entry)
    years = {int(y) for y in _HEAD_YEAR.findall(flat)}
    if len(years) != 1 or year in years:
        return []
    (y,) = years
    fixed = re.sub(rf"(?<!\d){y}(?=年)", str(year), flat)
    if not any(re.sub(r"\s+", "", h) == fixed for h in headings):
        return []
    return [Issue("report-year", entry, f"目录中的「{entry}」写作{y}年，正文该标题及本文件为{year}年",
                  f"the contents entry '{entry}' names {y}; its heading in the body and the document name {year}")]


def unverified_title_year(title: str, year: int) -> list[Issue]:
    """A title naming another year than the report's (a year in brackets names a fund's or a project's vintage),
    where cnbsh:year-title does not read it: the title of a table whose numbers are not read with certainty (the
    finding on the table is withheld with its numbers, but the title is printed text, read with certainty: it is
    reported as the document's), a part's heading the narrative does not keep."""
    years = {int(y) for y in _HEAD_YEAR.findall(re.sub(r"（[^）]*）|\([^)]*\)|\s+", "", title))}
    return [Issue("report-year", title, f"标题「{title}」的年度为{y}年，本文件为{year}年",
                  f"the title '{title}' names {y}; the document's year is {year}") for y in sorted(years - {year})]


def _identity_year(doc: ox.NamedNode, texts: list[tuple[ox.NamedNode, str, bool]], year: int
                   ) -> list[tuple[ox.NamedNode, Issue]]:
    """The places that state the identity's ``year`` where the rest of the document states another one (the title,
    made from the identity, is the place where no printed one is read)."""
    places = [(node, y, c) for node, text, heading in texts[1:] for y, c in stated_years([(text, heading)])]
    own = own_year(year, [y for _, y, _ in places])
    if own == year:
        return []
    times = sum(y == own for _, y, _ in places)
    zh, en = f"年度为{year}年，而本文件表题和正文{times}处为{own}年", f"names {year}; the document's titles and text name {own} {times} times"
    out = [(node, Issue("report-year", c, "此处" + zh, "this place " + en)) for node, y, c in places if y == year]
    return out or [(doc, Issue("report-year", texts[0][1], "本文件题名" + zh, "the document's title " + en))]


def _identity_issue(unit: str, own: str, title: str, times: int) -> Issue:
    """The document's identity (its cover or a table's header) names another unit than the rest of it."""
    return Issue("unit-name", title, f"本文件题名的单位为「{unit}」，而表头和正文{times}处写作「{own}」",
                 f"the document is titled as '{unit}''s, but its headers and text name '{own}' {times} times")


def _placeholder(found: str, text: str) -> Issue:
    at = text.find(found)
    context = text[max(0, at - 12):at + len(found) + 8]
    return Issue("placeholder", context, f"模板占位符「{found}」未替换", f"the template placeholder '{found}' was left in")


def annotate(store: ox.Store) -> int:
    """Add one node per disagreement to this validation copy (``cnb:documentIssue`` of the document, with
    ``cnb:issueKind``, ``cnb:foundIn``, ``cnb:foundText`` and ``cnb:issueNote`` in Chinese and English); returns how
    many. The shapes of ``shapes/document.ttl`` report them."""
    found = document_issues(store)
    for n, (doc, node, issue) in enumerate(found):
        check = ox.NamedNode(f"{doc.value}/document-check/{n}")
        store.extend([
            ox.Quad(doc, ox.NamedNode(CNB.documentIssue), check),
            ox.Quad(check, ox.NamedNode(CNB.issueKind), ox.Literal(issue.kind)),
            ox.Quad(check, ox.NamedNode(CNB.foundIn), node),
            ox.Quad(check, ox.NamedNode(CNB.foundText), ox.Literal(issue.text, language="zh")),
            ox.Quad(check, ox.NamedNode(CNB.issueNote), ox.Literal(issue.zh, language="zh")),
            ox.Quad(check, ox.NamedNode(CNB.issueNote), ox.Literal(issue.en, language="en")),
        ])
    return len(found)
