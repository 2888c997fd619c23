"""The narrative of a synthetic disclosure: 概况, 情况说明 and 名词解释, as paragraphs (one per line).

Every figure is taken from the plan, so a stated amount equals its table cell — except in a document with
an injected ``narrative`` error, whose 基本支出 sentence states a wrong amount.
"""

from __future__ import annotations

from bench import corpus_codes as cc
from bench.corpus_plan import Plan

PERSONNEL_WORDS = "基本工资、津贴补贴、绩效工资、社会保险缴费、住房公积金"
PUBLIC_WORDS = "办公费、印刷费、水电费、邮电费、差旅费、会议费、培训费、公务接待费、工会经费"
GLOSSARY = (
    ("一般公共预算拨款收入", "指省级财政当年拨付的资金。"),
    ("上年结转", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
    ("机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项资金。"),
)


def _w(cents: int) -> str:
    return cc.money(cents)


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.2f}" if whole else "0"


def overview(plan: Plan) -> list[str]:
    u, dept = plan.unit, plan.unit.dept
    topics = "、".join(dept.topics[:3])
    lines = [
        "一、基本职能及主要工作",
        f"（一）{u.name}职能简介",
        f"负责{dept.short}领域{topics}等工作，承担{u.province}{dept.name}交办的其他任务。",
        f"（二）{u.name}{plan.year}年重点工作",
        f"{plan.year}年，{u.name}将围绕{dept.short}中心工作，一是做好{dept.topics[0]}；二是推进{dept.topics[-1]}；"
        f"三是加强内部管理，提高资金使用效益。",
        "二、机构设置",
    ]
    if u.kind == "行政":
        lines.append(f"{u.name}内设机构{len(dept.topics) + 3}个，核定行政编制{plan.staff + 2}名，实有人员{plan.staff}人。")
    else:
        lines.append(f"{u.name}是隶属于{u.province}{dept.name}的二级预算单位，实有人员{plan.staff}人，本单位无下属预算单位。")
    return lines


def explanation(plan: Plan) -> list[str]:
    u, y = plan.unit.name, plan.year
    total, basic, project, carry, current = plan.total, plan.basic, plan.project, plan.carry, plan.current
    classes = plan.classes()
    names = "、".join(cc.CLASS_LINES[c] for c in classes)
    income_words = "一般公共预算拨款收入" + ("、上年结转" if carry else "")
    lines = ["一、收支预算情况说明",
             f"按照综合预算的原则，{u}所有收入和支出均纳入单位预算管理。收入包括：{income_words}。支出包括：{names}。"
             f"{u}{y}年收支预算总数{_w(total)}万元。",
             "（一）收入预算情况"]
    if carry:
        lines.append(f"{u}{y}年收入预算{_w(total)}万元，其中：上年结转{_w(carry)}万元，占{_pct(carry, total)}%；"
                     f"一般公共预算拨款收入{_w(current)}万元，占{_pct(current, total)}%。")
    else:
        lines.append(f"{u}{y}年收入预算{_w(total)}万元，其中：一般公共预算拨款收入{_w(current)}万元，占100%。")
    stated_basic = basic + (plan.delta if plan.error == "narrative" else 0)
    lines += ["（二）支出预算情况",
              f"{u}{y}年支出预算{_w(total)}万元，其中：基本支出{_w(stated_basic)}万元，占{_pct(basic, total)}%；"
              f"项目支出{_w(project)}万元，占{_pct(project, total)}%。",
              "二、财政拨款收支预算情况说明"]
    by_class = {c: sum(f.total for f in items) for c, items in classes.items()}
    spent = "、".join(f"{cc.CLASS_LINES[c]}{_w(v)}万元" for c, v in by_class.items())
    carry_words = f"、上年结转{_w(carry)}万元" if carry else ""
    lines += [f"{u}{y}年财政拨款收支预算总数{_w(total)}万元。收入包括：本年一般公共预算拨款收入{_w(current)}万元"
              f"{carry_words}。支出包括：{spent}。",
              "三、一般公共预算当年拨款情况说明", "（一）一般公共预算当年拨款规模变化情况",
              f"{u}{y}年一般公共预算当年拨款{_w(current)}万元。", "（二）一般公共预算当年拨款结构情况"]
    cur = {c: sum(f.total - f.carry for f in items) for c, items in classes.items()}
    lines.append("；".join(f"{cc.CLASS_LINES[c]}{_w(v)}万元，占{_pct(v, current)}%" for c, v in cur.items() if v) + "。")
    lines.append("（三）一般公共预算当年拨款具体使用情况")
    k = 0
    for cls, items in classes.items():
        for f in items[:1]:
            if f.total - f.carry:
                k += 1
                lines.append(f"{k}.{cc.class_name(cls)}（类）{cc.name(f.code[:5])}（款）{cc.name(f.code)}（项）{y}年预算数为"
                             f"{_w(f.total - f.carry)}万元，主要用于：{'保障单位正常运转' if f.basic else '项目支出'}。")
    personnel = sum(e.basic for e in plan.econ if e.code[:3] in ("301", "303"))
    lines += ["四、一般公共预算基本支出情况说明",
              f"{u}{y}年一般公共预算基本支出{_w(basic)}万元，其中：",
              f"人员经费{_w(personnel)}万元，主要包括：{PERSONNEL_WORDS}。",
              f"公用经费{_w(basic - personnel)}万元，主要包括：{PUBLIC_WORDS}。",
              "五、“三公”经费财政拨款预算安排情况说明"]
    abroad, car, hosting = (plan.econ_amount(c) for c in ("30212", "30231", "30217"))
    lines += [f"{u}{y}年“三公”经费财政拨款预算数{_w(abroad + car + hosting)}万元，其中：公务接待费{_w(hosting)}万元；"
              f"公务用车购置及运行维护费{_w(car)}万元；因公出国（境）经费{_w(abroad)}万元。",
              "六、政府性基金预算支出情况说明", f"{u}{y}年无政府性基金预算拨款安排的支出。",
              "七、国有资本经营预算情况说明", f"{u}{y}年无国有资本经营预算拨款安排的支出。",
              "八、其他重要事项的情况说明", "（一）机关运行经费情况"]
    if plan.unit.kind == "行政":
        lines.append(f"{u}{y}年机关运行经费预算{_w(basic - personnel)}万元。")
    else:
        lines.append(f"{u}为事业单位，按规定未使用机关运行的相关科目。")
    goals = [p for p in plan.projects if p.indicators]
    lines += ["（二）政府采购情况",
              f"{y}年，{u}安排政府采购预算{_w(project * 3 // 5 + basic // 20)}万元，主要用于购买服务和办公设备。",
              "（三）国有资产占有使用情况",
              f"截至{y - 1}年底，{u}共有车辆{1 if plan.econ_amount('30231') else 0}辆。",
              "（四）预算绩效情况",
              f"{y}年{u}开展绩效目标管理的项目{len(goals)}个，涉及预算{_w(sum(p.amount for p in goals))}万元。"]
    return lines


def glossary(plan: Plan) -> list[str]:
    terms = list(GLOSSARY)
    for cls, items in plan.classes().items():
        for f in items[:2]:
            terms.append((f"{cc.class_name(cls)}（类）{cc.name(f.code[:5])}（款）{cc.name(f.code)}（项）",
                          f"指用于{cc.name(f.code)}方面的支出。"))
    return [f"{cc.numbered(k)}{term}：{definition}" for k, (term, definition) in enumerate(terms)]


def narrative(plan: Plan) -> list[tuple[str, list[str]]]:
    """(kind, paragraphs) chunks as ``ingest.extract.narrative.parse_narrative`` takes them."""
    return [("overview", overview(plan)), ("explanation", explanation(plan)), ("glossary", glossary(plan))]
