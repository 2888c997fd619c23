"""The budget behind one synthetic disclosure: units, function and economic items, projects, goals.

Every amount is an ``int`` in hundredths of 万元 (the printed precision), so all identities hold exactly:
basic expenditure = Σ economic items = Σ function items' basic part; project expenditure = Σ projects; the
personnel function items (pension, annuity, medical insurance, housing fund) equal their economic items; the
“三公” figures equal their economic items; income = expenditure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench import corpus_codes as cc

ERROR_KINDS = ("project-sum", "balance", "cross-table", "narrative")


@dataclass
class Unit:
    index: int
    province: str
    region: str
    layout: str  # full | compact
    dept: cc.Department
    kind: str  # 行政 | 事业
    name: str
    code: str  # 6-digit 单位代码
    staff: int
    growth: float
    fiscal_economic: bool  # publishes 公开表2-1
    project_items: tuple[str, ...]
    project_econ: tuple[str, ...]
    project_pool: tuple[str, ...]
    weight_total: int  # performance weights add up to this (90 in Sichuan, 100 elsewhere)

    @property
    def main_item(self) -> str:
        """The function item of the unit's running costs (行政运行 / 事业运行)."""
        kuan = self.dept.kuan
        items = cc.children(kuan)
        if self.kind == "事业" and kuan + "50" in items:
            return kuan + "50"
        return kuan + "01" if kuan + "01" in items else items[0]


@dataclass
class FuncItem:
    code: str
    basic: int = 0
    current: int = 0  # project expenditure, current-year appropriation
    carry: int = 0  # project expenditure, carried over

    @property
    def project(self) -> int:
        return self.current + self.carry

    @property
    def total(self) -> int:
        return self.basic + self.project


@dataclass
class EconItem:
    code: str
    basic: int = 0
    current: int = 0
    carry: int = 0
    subs: list[tuple[str, int]] = field(default_factory=list)  # basic sub-items (7-digit codes)

    @property
    def total(self) -> int:
        return self.basic + self.current + self.carry


@dataclass
class IndicatorPlan:
    level1: str
    level2: str
    name: str
    comparator: str  # ≥ ≤ ＝ or 定性
    value: str  # as printed ("" for 定性)
    unit: str
    weight: int
    direction: str


@dataclass
class Project:
    name: str
    func: str
    econ: str
    current: int
    carry: int
    goal_text: str = ""
    indicators: list[IndicatorPlan] = field(default_factory=list)

    @property
    def amount(self) -> int:
        return self.current + self.carry


@dataclass
class Plan:
    unit: Unit
    year: int
    func: list[FuncItem]
    econ: list[EconItem]
    projects: list[Project]
    staff: int
    error: str | None = None
    delta: int = 0  # size of the injected error, hundredths of 万元

    @property
    def basic(self) -> int:
        return sum(f.basic for f in self.func)

    @property
    def project(self) -> int:
        return sum(f.project for f in self.func)

    @property
    def carry(self) -> int:
        return sum(f.carry for f in self.func)

    @property
    def total(self) -> int:
        return self.basic + self.project

    @property
    def current(self) -> int:
        return self.total - self.carry

    def econ_amount(self, code: str) -> int:
        return next((e.basic for e in self.econ if e.code == code), 0)

    def classes(self) -> dict[str, list[FuncItem]]:
        out: dict[str, list[FuncItem]] = {}
        for f in sorted(self.func, key=lambda f: f.code):
            out.setdefault(f.code[:3], []).append(f)
        return out


def make_units(seed: int, count: int) -> list[Unit]:
    """The first ``count`` units of the corpus (unit ``i`` is the same for every ``count`` > i).

    Units cycle through the regions (Sichuan 40 %) and, in another order, the departments; within one
    department and region the second unit is the department itself (行政), the others its institutes (事业).
    """
    seen: dict[tuple[str, int], int] = {}
    return [_make_unit(seed, index, seen) for index in range(count)]


def _make_unit(seed: int, index: int, seen: dict[tuple[str, int], int]) -> Unit:
    rng = random.Random(f"{seed}:unit:{index}")
    province, region, layout = cc.REGION_CYCLE[index % len(cc.REGION_CYCLE)]
    dept_index = (index * 7) % len(cc.DEPARTMENTS)
    dept = cc.DEPARTMENTS[dept_index]
    n = seen.get((region, dept_index), 0)
    seen[(region, dept_index)] = n + 1
    kind = "行政" if n == 1 else "事业"
    if kind == "行政":
        name, sub = f"{province}{dept.name}", 1
    else:
        k = n if n == 0 else n - 1
        suffixes = cc.INSTITUTE_SUFFIXES
        extra = f"第{cc.NUMERALS[k // len(suffixes)]}" if k >= len(suffixes) else ""
        suffix = suffixes[(k + dept_index + int(region)) % len(suffixes)]
        name, sub = f"{province}{dept.name}{extra}{suffix}", 600 + k
    items = [c for c in cc.children(dept.kuan) if c[-2:] not in ("01", "50")] or cc.children(dept.kuan)
    lead = "全省" if province.endswith("省") else "全市"
    pool = []
    for topic in dept.topics:
        for suffix in rng.sample(cc.PROJECT_SUFFIXES, 3):
            prefix = "" if topic.startswith(dept.short) else rng.choice((lead, dept.short, ""))
            while suffix[:1] and topic.endswith(suffix[:2]):
                suffix = suffix[2:] or "项目"
            pool.append(prefix + topic + suffix)
    pool = list(dict.fromkeys(pool))
    rng.shuffle(pool)
    return Unit(
        index=index, province=province, region=region, layout=layout, dept=dept, kind=kind, name=name,
        code=f"{301 + dept_index:03d}{sub:03d}", staff=max(4, int(rng.lognormvariate(3.0, 0.8))),
        growth=rng.uniform(-0.04, 0.08), fiscal_economic=rng.random() < 0.15,
        project_items=tuple(rng.sample(items, min(len(items), rng.randint(1, 3)))),
        project_econ=tuple(rng.sample(cc.PROJECT_ECON, rng.randint(1, 3))), project_pool=tuple(pool),
        weight_total=90 if region == "51" else 100,
    )


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` positive integers."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if total > parts else list(range(1, parts))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _basic(rng: random.Random, unit: Unit, staff: int, scale: float) -> list[EconItem]:
    base = staff * rng.uniform(9, 16) * 100 * scale  # salary base, hundredths of 万元
    shares = {"30101": rng.uniform(0.28, 0.35), "30102": rng.uniform(0.15, 0.25), "30107": rng.uniform(0.25, 0.4)}
    if unit.kind == "行政":
        shares["30103"] = rng.uniform(0.05, 0.1)
    amounts = {code: max(1, int(base * s)) for code, s in shares.items()}
    wage = sum(amounts.values())
    amounts |= {"30108": int(wage * 0.16), "30109": int(wage * 0.08), "30110": int(wage * rng.uniform(0.06, 0.08)),
                "30113": int(wage * 0.12)}
    if rng.random() < 0.5:
        amounts["30112"] = max(1, int(wage * rng.uniform(0.004, 0.01)))
    if rng.random() < 0.15:
        amounts["30199"] = max(1, int(wage * rng.uniform(0.01, 0.05)))
    if rng.random() < 0.2:
        amounts["30302"] = max(1, int(wage * rng.uniform(0.02, 0.08)))
    if rng.random() < 0.25:
        amounts["30309"] = rng.randint(2, 60)
    public = staff * rng.uniform(1.5, 4) * 100 * scale
    chosen = set(rng.sample(cc.PUBLIC_USE_ITEMS, rng.randint(2, 6))) | {"30217", "30228"}
    if rng.random() < 0.4:
        chosen.add("30231")
    for code in sorted(chosen):
        share = {"30217": 0.02, "30228": 0.08, "30231": 0.1}.get(code, rng.uniform(0.03, 0.2))
        amounts[code] = max(1, int(public * share))
    if rng.random() < 0.1:
        amounts["30212"] = rng.randint(100, 3000)
    items = []
    for code in sorted(amounts):
        item = EconItem(code, basic=amounts[code])
        subs = cc.SUB_ITEMS.get(code)
        if subs and rng.random() < 0.25 and item.basic >= 10:
            k = rng.randint(2, len(subs))
            item.subs = list(zip(subs[:k], _split(rng, item.basic, k), strict=True))
        items.append(item)
    return items


def _functions(unit: Unit, econ: list[EconItem]) -> dict[str, FuncItem]:
    amount = {e.code: e.basic for e in econ}
    func: dict[str, FuncItem] = {}
    for code, econ_code in cc.PERSONNEL_FUNCTIONS.items():
        func[code] = FuncItem(code, basic=amount[econ_code])
    func[cc.MEDICAL[unit.kind]] = FuncItem(cc.MEDICAL[unit.kind], basic=amount["30110"])
    if "30112" in amount:
        func["2089999"] = FuncItem("2089999", basic=amount["30112"])
    if "30302" in amount:
        code = "2080501" if unit.kind == "行政" else "2080502"
        func[code] = FuncItem(code, basic=amount["30302"])
    main = unit.main_item
    func[main] = FuncItem(main, basic=sum(amount.values()) - sum(f.basic for f in func.values()))
    return func


def _indicators(rng: random.Random, project: Project, topic: str, total: int) -> list[IndicatorPlan]:
    picks: list[tuple[str, str, cc.Indicator]] = []
    outputs = cc.INDICATORS["产出指标"]
    for level2 in rng.sample(list(outputs), rng.randint(2, 3)):
        for tpl in rng.sample(outputs[level2], rng.randint(1, 2)):
            picks.append(("产出指标", level2, tpl))
    effects = cc.INDICATORS["效益指标"]
    for level2 in rng.sample(list(effects), rng.randint(1, 2)):
        picks.append(("效益指标", level2, rng.choice(effects[level2])))
    picks.append(("满意度指标", "服务对象满意度指标", cc.INDICATORS["满意度指标"]["服务对象满意度指标"][0]))
    picks.append(("成本指标", "经济成本指标", cc.INDICATORS["成本指标"]["经济成本指标"][0]))
    if total == 100:  # 10 points for budget execution, printed as an indicator of its own
        picks.append(("产出指标", "时效指标", ("预算执行率", "≥", "%", 90, 100, "正向指标")))
    fixed = {"满意度指标": 10, "成本指标": 20, "预算执行率": 10}
    rest = total - sum(fixed.values()) + (0 if total == 100 else 10)
    flexible = [p for p in picks if p[0] not in fixed and p[2][0] not in fixed]
    weights = _split(rng, rest, len(flexible))
    out = []
    flex = iter(weights)
    for level1, level2, (name, cmp_, unit, low, high, direction) in picks:
        weight = fixed.get(level1) or fixed.get(name) or next(flex)
        if cmp_ == "定性":
            value, unit = "", ""
        elif unit == "万元":
            value = cc.money(int(project.amount * rng.uniform(0.85, 1.0))).replace(",", "")
        elif unit == "%" and high < 100 and high - low < 1:
            value = f"{rng.uniform(low, high):.1f}"
        else:
            value = str(int(rng.uniform(low, high)))
        out.append(IndicatorPlan(level1, level2, name.format(t=topic), cmp_, value, unit, weight, direction))
    return out


def make_plan(seed: int, unit: Unit, year: int, error_rate: float) -> Plan:
    """The budget of ``unit`` in ``year`` (deterministic for a seed)."""
    rng = random.Random(f"{seed}:plan:{unit.index}:{year}")
    scale = (1 + unit.growth) ** (year - 2021) * rng.uniform(0.96, 1.04)
    staff = max(3, int(unit.staff * rng.uniform(0.93, 1.07)))
    econ = _basic(rng, unit, staff, scale)
    func = _functions(unit, econ)
    by_econ = {e.code: e for e in econ}
    projects: list[Project] = []
    count = min(len(unit.project_pool), max(1, int(rng.lognormvariate(1.4, 0.7))))
    for name in rng.sample(unit.project_pool, count):
        amount = max(200, min(2_000_000, int(rng.lognormvariate(8.8, 1.3))))
        carry = int(amount * rng.uniform(0.1, 0.6)) if rng.random() < 0.2 else 0
        p = Project(name, rng.choice(unit.project_items), rng.choice(unit.project_econ), amount - carry, carry)
        projects.append(p)
        item = func.setdefault(p.func, FuncItem(p.func))
        item.current += p.current
        item.carry += p.carry
        e = by_econ.setdefault(p.econ, EconItem(p.econ))
        e.current += p.current
        e.carry += p.carry
    by_size = sorted(projects, key=lambda p: -p.amount)  # the largest project always has a goal
    with_goal = [p for k, p in enumerate(by_size) if k == 0 or p.amount >= 10000 or rng.random() < 0.3]
    for p in with_goal[:8]:
            topic = next((t for t in unit.dept.topics if t in p.name), unit.dept.topics[0])
            p.goal_text = f"围绕{topic}工作，保障{p.name}按计划实施，提升{unit.dept.short}服务质量和资金使用效益。"
            p.indicators = _indicators(rng, p, topic, unit.weight_total)
    plan = Plan(unit, year, sorted(func.values(), key=lambda f: f.code), sorted(by_econ.values(), key=lambda e: e.code),
                projects, staff)
    if rng.random() < error_rate:
        plan.error = rng.choice(ERROR_KINDS)
        plan.delta = rng.randint(100, 5000)
    return plan
