"""An independent implementation of the usage and billing rules (docs/format.md), written from the rules
without looking at the Rust engine, for differential testing of pricelab.

    python3 tests/reference/reference.py generate N SEED   # write N random cases with expected JSON
    python3 tests/reference/reference.py compare EXE N SEED  # run EXE on N random cases and compare
    python3 tests/reference/reference.py crossovers          # add docs/analyses.md crossovers to the cases
    python3 tests/reference/reference.py backtests EXE N SEED  # docs/import.md: recorded usage and backtests
    python3 tests/reference/reference.py generate-backtests N SEED  # write them to backtests/
    python3 tests/reference/reference.py compare-transitions EXE N SEED  # docs/semantics.md §8: transitions
    python3 tests/reference/reference.py regenerate          # rewrite every stored folder (SEEDS below)

`generate` writes tests/reference/cases/case-NNN.ron and case-NNN.json; the Rust test
`reference::engine_agrees_with_the_reference_implementation` checks the engine against them.
Floating point follows docs/semantics.md §2.2 (f64, left to right, round half away from zero); money uses
Python's decimal module at 60 digits, rounded to cents half away from zero (ROUND_HALF_UP).
"""
import math, os, random, json, subprocess, sys
import decimal
from decimal import Decimal as D, getcontext, ROUND_HALF_UP
getcontext().prec = 60

def rnd(x):
    f = math.floor(x)
    return int(f + 1) if x - f >= 0.5 else int(f)

def f2(d):
    return str(r2(d))

def r2(d):
    return d.quantize(D("0.01"), rounding=ROUND_HALF_UP)

def ramp(r, m):
    if r["months"] == 0:
        return r["end"]
    return r["start"] + (r["end"] - r["start"]) * min(1.0, m / r["months"])

def usage(a, start_month, months, recorded=None):
    recorded = recorded or []
    h = len(recorded)
    out = [dict(Seats=r[3], Conversations=r[0], AiConversations=r[1], Resolutions=r[2], human=r[0] - r[2]) for r in recorded]
    for m in range(h, months):
        c = (start_month - 1 + m) % 12
        vol = a["conversations"] * a["seasonality"][c] * (1 + a["growth"]) ** (m / 12)
        conv = rnd(vol)
        ai = rnd(conv * ramp(a["ai"], m))
        res = rnd(ai * ramp(a["res"], m))
        out.append(dict(Seats=0, Conversations=conv, AiConversations=ai, Resolutions=res, human=conv - res))
    s = a["seats"]
    if s[0] == "Fixed":
        for u in out[h:]: u["Seats"] = s[1]
    else:
        _, start, cps, minimum, term = s
        for k in range(0, months, term):
            chunk = out[k:k+term]
            if k < h:
                # docs/import.md: the term holding month H-1 keeps that month's seats to its end.
                for u in out[h:k+term]: u["Seats"] = out[h - 1]["Seats"]
                continue
            n = start if k == 0 else max(minimum, math.ceil(max(u["human"] for u in chunk) / cps))
            for u in chunk: u["Seats"] = n
    return out

def price(p, q):
    kind = p[0]
    if kind == "PerUnit": return q * p[1]
    if kind == "Package": return -(-q // p[1]) * p[2]
    tiers = p[1]
    if kind == "Graduated":
        total, lower = D(0), 0
        for up, unit, flat in tiers:
            upper = q if up is None else min(up, q)
            n = max(0, upper - lower)
            if n > 0: total += n * unit + flat
            if up is None: break
            lower = max(lower, up)
        return total
    if q == 0: return D(0)
    for up, unit, flat in tiers:
        if up is None or q <= up: return q * unit + flat

def bill(plan, us):
    names = [c["name"] for c in plan["charges"]]
    for c in plan["commitments"]:
        names.append(c["name"])
        if c["kind"] == "Commit": names.append(c["name"] + " credit")
    lines = [[] for _ in names]
    left = {}; bal = {}; spent = {}
    for m, u in enumerate(us):
        rem = dict(u)
        for i, c in enumerate(plan["commitments"]):
            if c["kind"] == "Bundle":
                if m % c["term"] == 0:
                    # docs/semantics.md §3.5: a share of the units left at the end of the (whole) term before rolls in.
                    carry = int((c.get("rollover", D(0)) * left[i]).to_integral_value(rounding=decimal.ROUND_FLOOR)) if m > 0 else 0
                    left[i] = c["units"] + carry
                cov = min(rem[c["metric"]], left[i]); rem[c["metric"]] -= cov; left[i] -= cov
        vals = []
        for c in plan["charges"]:
            if c["kind"] == "Usage":
                amt = price(c["price"], max(0, rem[c["metric"]] - c["included"]))
            else:
                amt = c["amount"]
            vals.append(r2(amt * (1 - plan["discount"])))
        owed = list(vals)
        charged = sum(vals, D(0))
        def take(covers, budget):
            got = D(0)
            for j, ch in enumerate(plan["charges"]):
                if ch["kind"] == "Usage" and ch["metric"] in covers:
                    t = min(owed[j], budget); owed[j] -= t; budget -= t; got += t
            return got, budget
        for i, c in enumerate(plan["commitments"]):
            pos = m % c["term"]; amt = c["amount"]
            if c["kind"] in ("Bundle", "Commit"):
                if c["billing"] == "Upfront":
                    pay = amt if pos == 0 else D(0)
                else:
                    share = r2(amt / c["term"])
                    pay = amt - share * (c["term"] - 1) if pos == c["term"] - 1 else share
                vals.append(pay)
            if c["kind"] == "Commit":
                if pos == 0:
                    bal[i] = amt + (r2(c.get("rollover", D(0)) * bal[i]) if m > 0 else D(0))
                drawn, bal[i] = take(c["covers"], bal[i])
                vals.append(-drawn)
            elif c["kind"] == "Minimum":
                if pos == 0: spent[i] = D(0)
                spent[i] += charged
                vals.append(max(D(0), amt - spent[i]) if pos == c["term"] - 1 else D(0))
            elif c["kind"] == "Cap":
                owing = sum((owed[j] for j, ch in enumerate(plan["charges"]) if ch["kind"] == "Usage" and ch["metric"] in c["covers"]), D(0))
                credited, _ = take(c["covers"], max(D(0), owing - amt))
                vals.append(-credited)
        for l, v in zip(lines, vals): l.append(v)
    billed = [sum((l[m] for l in lines), D(0)) for m in range(len(us))]
    return names, lines, billed

def add_crossovers(plans, labels):
    """docs/analyses.md Crossover: per plan after the first, the first month label in which its cumulative
    portfolio bill is at least the baseline's while the month before it was below; else None."""
    base = [D(b) for b in plans[0]["billed"]] if plans else []
    for i, p in enumerate(plans):
        p["crossover"] = None
        if i == 0: continue
        bills = [D(b) for b in p["billed"]]
        cb = cp = D(0); prev_below = None
        for m, (b, x) in enumerate(zip(base, bills)):
            cb += b; cp += x
            if m > 0 and prev_below and cp >= cb:
                p["crossover"] = labels[m]; break
            prev_below = cp < cb

def simulate(sc):
    y, mo = map(int, sc["start"].split("-"))
    months = sc["months"]
    labels = [f"{y + (mo - 1 + m) // 12:04d}-{(mo - 1 + m) % 12 + 1:02d}" for m in range(months)]
    rec = sc.get("recorded", {})
    us = [usage(a, mo, months, rec.get(a["name"])) for a in sc["accounts"]]
    cost = [r2(sum((a["count"] * u[m]["AiConversations"] * sc["per_ai"] for a, u in zip(sc["accounts"], us)), D(0))) for m in range(months)]
    plans = []
    for p in sc["plans"]:
        accs = []; port = [D(0)] * months
        for a, u in zip(sc["accounts"], us):
            names, lines, billed = bill(p, u)
            accs.append(dict(name=a["name"], billed=[f2(b) for b in billed], total=f2(sum(billed, D(0))),
                             lines=[dict(name=n, billed=[f2(v) for v in l]) for n, l in zip(names, lines)]))
            port = [x + a["count"] * b for x, b in zip(port, billed)]
        total = sum(port, D(0))
        plans.append(dict(name=p["name"], billed=[f2(b) for b in port], total=f2(total),
                          cost=[f2(c) for c in cost], margin=f2(total - sum(cost, D(0))), accounts=accs))
    add_crossovers(plans, labels)
    for t in sc.get("transitions", []):
        plans.append(transition(sc, t, us, labels, plans[0]))
    accounts = [dict(name=a["name"], count=a["count"], conversations=[x["Conversations"] for x in u],
                     ai_conversations=[x["AiConversations"] for x in u], resolutions=[x["Resolutions"] for x in u],
                     seats=[x["Seats"] for x in u]) for a, u in zip(sc["accounts"], us)]
    return dict(format=1, scenario=sc["name"], currency="USD", months=labels, accounts=accounts, plans=plans, monte_carlo=None)

# ---------- transitions: docs/semantics.md §8 ----------
def churn_share(churn, x):
    """§8.3: 0 at or below no increase; the polyline through (0, 0) and the points; flat beyond."""
    if x != x or x <= 0:
        return 0.0
    x0, s0 = 0.0, 0.0
    for inc, sh in churn:
        if x == inc:
            return sh
        if x < inc:
            return s0 + (sh - s0) * (x - x0) / (inc - x0)
        x0, s0 = inc, sh
    return s0

def kept_of(share):
    """§8.3: round6(1 - share), the share read as its shortest decimal form."""
    s = D(0) if share < 5e-7 else D(repr(share))
    return (1 - s).quantize(D("0.000001"), rounding=ROUND_HALF_UP)

def increase(bt, bf):
    if bf == 0:
        return math.inf if bt > 0 else 0.0
    return (float(bt) - float(bf)) / float(bf)

def number(d):
    """An expected number of accounts as the JSON has it: 2 decimals at most."""
    d = r2(D(d))
    return int(d) if d == d.to_integral_value() else float(d)

def transition(sc, t, us, labels, baseline):
    months = sc["months"]; r = t["renewal_months"]
    plan = {p["name"]: p for p in sc["plans"]}
    fromp, top = plan[t["from"]], plan[t["to"]]
    start = t["launch"] + t["grandfather"]
    billed = [D(0)] * months; cost = [D(0)] * months
    on_from = [0] * months; moved = [D(0)] * months
    need = D(0); terms = []; accs = []
    everyone = sum(a["count"] for a in sc["accounts"])
    for a, u in zip(sc["accounts"], us):
        _, _, fb = bill(fromp, u)
        real = a["count"]; n_all = max(real, 1)
        if a.get("renewal") is not None:
            groups = [(n_all, a["renewal"])]
        else:
            groups = [(n_all // r + (1 if c < n_all % r else 0), c) for c in range(r)]
            groups = [g for g in groups if g[0] > 0]
        paid_from = [D(0)] * months; paid_to = [D(0)] * months
        for n, k in groups:
            if t["at"] == "Launch":
                s = start
            else:
                s = k
                while s < start: s += r
            for m in range(min(s, months)):
                paid_from[m] += n * fb[m]
                if real:
                    on_from[m] += n
                    cost[m] += n * u[m]["AiConversations"] * sc["per_ai"]
            if s >= months:
                continue
            _, _, tb = bill(top, u[s:])
            c = min(12, months - s)
            keep = kept_of(churn_share(t["churn"], increase(sum(tb[:c], D(0)), sum(fb[s:s + c], D(0)))))
            for m in range(s, months):
                paid_to[m] += r2(n * keep * tb[m - s])
                if real:
                    moved[m] += n * keep
                    cost[m] += n * keep * u[m]["AiConversations"] * sc["per_ai"]
            if real:
                need += n * sum(fb[s:], D(0))
                terms += [n * b for b in tb]
        both = [x + y for x, y in zip(paid_from, paid_to)]
        accs.append(dict(name=a["name"], billed=[f2(b / n_all) for b in both], total=f2(sum(both, D(0)) / n_all),
                         lines=[dict(name=fromp["name"], billed=[f2(v / n_all) for v in paid_from]),
                                dict(name=top["name"], billed=[f2(v / n_all) for v in paid_to])]))
        if real:
            billed = [x + y for x, y in zip(billed, both)]
    cost = [r2(c) for c in cost]
    total = sum(billed, D(0))
    # §8.4 break-even: the smallest kept k (in 1/10000) whose moved lines reach `need`.
    def reaches(k):
        return sum((r2(v * D(k) / 10000) for v in terms), D(0)) >= need
    if not reaches(10000):
        be = None
    else:
        lo, hi = -1, 10000
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if mid >= 0 and reaches(mid): hi = mid
            else: lo = mid
        be = str((D(10000 - hi) / 10000).quantize(D("0.0001")))
    moved = [r2(x) for x in moved]
    out = dict(name=t["name"], billed=[f2(b) for b in billed], total=f2(total), cost=[f2(c) for c in cost],
               margin=f2(total - sum(cost, D(0))), accounts=accs)
    both = [baseline, out]
    add_crossovers(both, labels)
    out["crossover"] = both[1]["crossover"]
    out["transition"] = {"from": fromp["name"], "to": top["name"], "on_from": on_from,
                         "moved": [number(x) for x in moved],
                         "lost": [number(everyone - f - x) for f, x in zip(on_from, moved)],
                         "break_even_churn": be}
    return out

def rand_transitions(rng, sc):
    """docs/semantics.md §8: renewals on some profiles, one or two transitions between distinct plans."""
    for a in sc["accounts"]:
        a["renewal"] = rng.choice([None, None, rng.randint(0, 30)])
        a["count"] = rng.choice([a["count"], rng.randint(0, 40)])
    if len(sc["plans"]) < 2:
        sc["plans"].append(dict(name="Plan extra", charges=[dict(kind="Fee", name="Fee", amount=money(rng, 3000, 2))], commitments=[], discount=D(0)))
    sc["transitions"] = []
    for i in range(rng.randint(1, 2)):
        f, to = rng.sample(range(len(sc["plans"])), 2)
        churn = []; inc = 0.0; sh = 0.0
        for _ in range(rng.choice([0, 1, 2, 3])):
            inc = round(inc + rng.uniform(0.01, 1.0), rng.choice([2, 3]))
            sh = min(1.0, round(sh + rng.uniform(0, 0.4), rng.choice([2, 3])))
            churn.append((inc, sh))
        sc["transitions"].append(dict(name=f"Transition {i}", **{"from": sc["plans"][f]["name"]}, to=sc["plans"][to]["name"],
                                      launch=rng.randint(0, sc["months"] - 1), at=rng.choice(["Renewal", "Launch"]),
                                      renewal_months=rng.choice([12, 12, rng.randint(1, 14)]), grandfather=rng.choice([0, 0, rng.randint(0, 12)]),
                                      churn=churn))
    return sc

# ---------- random scenarios, written as RON ----------
METRICS = ["Seats", "Conversations", "AiConversations", "Resolutions"]
def money(rng, hi=200, dp=None):
    dp = rng.choice([0, 1, 2, 3, 4]) if dp is None else dp
    return D(rng.randint(0, hi * 10**dp)) / D(10**dp)

def rand_price(rng):
    k = rng.choice(["PerUnit", "Package", "Graduated", "Volume"])
    if k == "PerUnit": return ("PerUnit", money(rng, 3))
    if k == "Package": return ("Package", rng.randint(1, 500), money(rng, 100))
    n = rng.randint(1, 4); ups = sorted(rng.sample(range(1, 200000), n - 1))
    tiers = [(u, money(rng, 2), money(rng, 50) if rng.random() < 0.4 else D(0)) for u in ups] + [(None, money(rng, 2), money(rng, 50) if rng.random() < 0.4 else D(0))]
    return (k, tiers)

def rand_scenario(rng, i, instruments=False):
    months = rng.randint(1, 30)
    accounts = []
    for a in range(rng.randint(1, 3)):
        sea = [round(rng.uniform(0.3, 2.5), rng.choice([1, 2, 3])) for _ in range(12)]
        seats = ("Fixed", rng.randint(0, 500)) if rng.random() < 0.4 else ("Staffed", rng.randint(0, 1000), round(rng.uniform(10, 400), rng.choice([0, 1, 2])), rng.randint(0, 100), rng.randint(1, 13))
        accounts.append(dict(name=f"Account {a}", count=rng.randint(0, 50), conversations=float(rng.choice([rng.randint(0, 300000), round(rng.uniform(0, 5000), 2)])),
                             seasonality=sea, growth=round(rng.uniform(-0.5, 1.0), 3),
                             ai=dict(start=round(rng.random(), 3), end=round(rng.random(), 3), months=rng.randint(0, 30)),
                             res=dict(start=round(rng.random(), 3), end=round(rng.random(), 3), months=rng.randint(0, 30)),
                             seats=seats, agent_cost=money(rng, 5000, 2)))
    plans = []
    for p in range(rng.randint(1, 4)):
        charges = []
        for c in range(rng.randint(0, 4)):
            if rng.random() < 0.2: charges.append(dict(kind="Fee", name=f"Fee {c}", amount=money(rng, 2000)))
            else: charges.append(dict(kind="Usage", name=f"Charge {c}", metric=rng.choice(METRICS), included=rng.choice([0, 0, rng.randint(0, 5000)]), price=rand_price(rng)))
        commits = []
        for c in range(rng.randint(0, 3) if rng.random() < 0.6 else 0):
            term = rng.randint(1, 14); billing = rng.choice(["Upfront", "Monthly"])
            kind = rng.choice(["Bundle", "Commit", "Minimum", "Cap"]) if instruments else rng.choice(["Bundle", "Commit"])
            roll = rng.choice([D(0), D("0.5"), D(1), D(rng.randint(0, 100)) / 100]) if instruments else D(0)
            if kind == "Bundle":
                commits.append(dict(kind="Bundle", name=f"Bundle {c}", metric=rng.choice(METRICS), units=rng.randint(0, 2000000), amount=money(rng, 500000, 2), term=term, billing=billing, rollover=roll))
            elif kind == "Commit":
                commits.append(dict(kind="Commit", name=f"Commit {c}", amount=money(rng, 500000, 2), term=term, billing=billing, covers=rng.sample(METRICS, rng.randint(1, 4)), rollover=roll))
            elif kind == "Minimum":
                commits.append(dict(kind="Minimum", name=f"Minimum {c}", amount=money(rng, 2000000, 2), term=term))
            else:
                commits.append(dict(kind="Cap", name=f"Cap {c}", amount=money(rng, 200000, 2), term=1, covers=rng.sample(METRICS, rng.randint(1, 4))))
        if not charges and not commits:
            charges.append(dict(kind="Fee", name="Fee", amount=D("10")))
        plans.append(dict(name=f"Plan {p}", charges=charges, commitments=commits, discount=rng.choice([D(0), D(0), D(rng.randint(0, 99)) / 100, D("0.125")])))
    return dict(name=f"Random {i}", start=f"{rng.randint(2000, 2040)}-{rng.randint(1, 12):02d}", months=months, accounts=accounts, plans=plans, per_ai=money(rng, 1, 4))

def ron_price(p):
    if p[0] == "PerUnit": return f'PerUnit("{p[1]}")'
    if p[0] == "Package": return f'Package(size: {p[1]}, price: "{p[2]}")'
    tiers = ", ".join(f'(up_to: {"None" if u is None else f"Some({u})"}, unit_price: "{up}", flat_fee: "{fl}")' for u, up, fl in p[1])
    return f"{p[0]}([{tiers}])"

def to_ron(sc):
    out = [f'(format: 1, name: "{sc["name"]}", start: "{sc["start"]}", months: {sc["months"]},', "accounts: ["]
    for a in sc["accounts"]:
        s = a["seats"]
        seats = f"Fixed({s[1]})" if s[0] == "Fixed" else f"Staffed(start: {s[1]}, conversations_per_seat: {float(s[2])!r}, minimum: {s[3]}, term_months: {s[4]})"
        out.append(f'(name: "{a["name"]}", count: {a["count"]}, conversations: {a["conversations"]!r}, seasonality: [{", ".join(repr(float(x)) for x in a["seasonality"])}], growth: {a["growth"]!r}, '
                   f'ai_involvement: (start: {a["ai"]["start"]!r}, end: {a["ai"]["end"]!r}, months: {a["ai"]["months"]}), '
                   f'resolution_rate: (start: {a["res"]["start"]!r}, end: {a["res"]["end"]!r}, months: {a["res"]["months"]}), seats: {seats}, agent_cost: "{a["agent_cost"]}"' + (f', renewal: Some({a["renewal"]})' if a.get("renewal") is not None else "") + '),')
    out.append("], plans: [")
    for p in sc["plans"]:
        ch = []
        for c in p["charges"]:
            if c["kind"] == "Fee": ch.append(f'Fee(name: "{c["name"]}", amount: "{c["amount"]}")')
            else: ch.append(f'Usage(name: "{c["name"]}", metric: {c["metric"]}, included: {c["included"]}, price: {ron_price(c["price"])})')
        cm = []
        for c in p["commitments"]:
            roll = f', rollover: "{c["rollover"]}"' if c.get("rollover", D(0)) != 0 else ""
            if c["kind"] == "Bundle": cm.append(f'Bundle(name: "{c["name"]}", metric: {c["metric"]}, units: {c["units"]}, price: "{c["amount"]}", term_months: {c["term"]}, billing: {c["billing"]}{roll})')
            elif c["kind"] == "Commit": cm.append(f'Commit(name: "{c["name"]}", amount: "{c["amount"]}", term_months: {c["term"]}, billing: {c["billing"]}, covers: [{", ".join(c["covers"])}]{roll})')
            elif c["kind"] == "Minimum": cm.append(f'Minimum(name: "{c["name"]}", amount: "{c["amount"]}", term_months: {c["term"]})')
            else: cm.append(f'Cap(name: "{c["name"]}", amount: "{c["amount"]}", covers: [{", ".join(c["covers"])}])')
        out.append(f'(name: "{p["name"]}", charges: [{", ".join(ch)}], commitments: [{", ".join(cm)}], discount: "{p["discount"]}"),')
    out.append("],")
    if sc.get("transitions"):
        out.append("transitions: [")
        for t in sc["transitions"]:
            churn = ", ".join(f"(increase: {x!r}, share: {y!r})" for x, y in t["churn"])
            out.append(f'(name: "{t["name"]}", from: "{t["from"]}", to: "{t["to"]}", launch: {t["launch"]}, at: {t["at"]}, '
                       f'renewal_months: {t["renewal_months"]}, grandfather: {t["grandfather"]}, churn: [{churn}]),')
        out.append("],")
    out.append(f'costs: (per_ai_conversation: "{sc["per_ai"]}"))')
    return "\n".join(out)

def backtest(sc, top=10):
    """docs/import.md backtest: every recorded account's bill over the recorded months, per plan."""
    out = simulate(sc)
    rec = sc["recorded"]; h = len(next(iter(rec.values())))
    names = [a["name"] for a in sc["accounts"] if a["name"] in rec]
    totals = {}
    for p in out["plans"]:
        for acc in p["accounts"]:
            if acc["name"] in rec:
                totals.setdefault(acc["name"], []).append(sum((D(b) for b in acc["billed"][:h]), D(0)))
    def pct(name, i):
        base = totals[name][0]
        return None if base == 0 else r2(D(100) * (totals[name][i] - base) / base)
    plans = []
    for i, p in enumerate(out["plans"]):
        ch = {n: totals[n][i] - totals[n][0] for n in names}
        pcts = sorted(x for x in (pct(n, i) for n in names) if x is not None)
        rank = lambda k: pcts[max(1, -(-k * len(pcts) // 100)) - 1]
        up = sorted((n for n in names if ch[n] > 0), key=lambda n: (-ch[n], names.index(n)))
        down = sorted((n for n in names if ch[n] < 0), key=lambda n: (ch[n], names.index(n)))
        mover = lambda n: dict(name=n, change=f2(ch[n]), change_pct=None if pct(n, i) is None else f2(pct(n, i)))
        plans.append(dict(name=p["name"], total=f2(sum((totals[n][i] for n in names), D(0))),
                          change=f2(sum(ch.values(), D(0))),
                          customers_up=len(up), customers_down=len(down), customers_same=len(names) - len(up) - len(down),
                          change_pct=dict(p5=f2(rank(5)), p50=f2(rank(50)), p95=f2(rank(95))) if pcts else None,
                          top_increases=[mover(n) for n in up[:top]], top_decreases=[mover(n) for n in down[:top]]))
    return dict(months=out["months"][:h], baseline=out["plans"][0]["name"],
                accounts=[dict(name=n, plans=[dict(name=p["name"], total=f2(totals[n][i])) for i, p in enumerate(out["plans"])]) for n in names],
                plans=plans)

def rand_history(rng, sc):
    """Makes some accounts recorded (count 1) and draws their first H months."""
    h = rng.randint(1, sc["months"])
    rec = {}
    for a in sc["accounts"]:
        if rng.random() < 0.7:
            a["count"] = 1
            rows = []
            for m in range(h):
                conv = rng.choice([0, rng.randint(0, 300000)])
                ai = rng.randint(0, conv); res = rng.randint(0, ai)
                rows.append((conv, ai, res, rng.randint(0, 600)))
            rec[a["name"]] = rows
    if not rec:
        a = sc["accounts"][0]; a["count"] = 1
        rec[a["name"]] = [(10, 5, 2, 1)] * h
    sc["recorded"] = rec
    return h

def write_backtest_case(rng, i, stem):
    """Writes STEM.ron and its usage file STEM.csv (rows shuffled) for a random scenario with
    recorded usage; returns the scenario."""
    sc = rand_scenario(rng, i)
    rand_history(rng, sc)
    y, mo = map(int, sc["start"].split("-"))
    with open(stem + ".ron", "w") as f:
        f.write(to_ron(sc)[:-1] + f', history: "{os.path.basename(stem)}.csv")\n')
    with open(stem + ".csv", "w") as f:
        f.write("account,month,conversations,ai_conversations,resolutions,seats\n")
        rows = [(name, m, r) for name, rs in sc["recorded"].items() for m, r in enumerate(rs)]
        rng.shuffle(rows)
        for name, m, r in rows:
            f.write(f"{name},{y + (mo - 1 + m) // 12:04d}-{(mo - 1 + m) % 12 + 1:02d},{r[0]},{r[1]},{r[2]},{r[3]}\n")
    return sc

def compare_backtests(exe, n, seed):
    rng = random.Random(seed); bad = 0
    for i in range(n):
        stem = f"/tmp/pricelab-reference-bt{i}"
        sc = write_backtest_case(rng, i, stem)
        ok = True
        for cmd, want in (("simulate", simulate(sc)), ("backtest", backtest(sc))):
            r = subprocess.run([exe, cmd, stem + ".ron", "--format", "json"], capture_output=True, text=True)
            if r.returncode != 0:
                print("case", i, cmd, "exit", r.returncode, r.stderr[:500]); ok = False; continue
            got = json.loads(r.stdout)
            if got != want:
                ok = False
                print("case", i, cmd, "differs:", stem, [k for k in want if got.get(k) != want[k]])
        if ok:
            os.remove(stem + ".ron"); os.remove(stem + ".csv")
        else:
            bad += 1
    print(f"{n - bad}/{n} agree")
    return bad == 0

def generate_backtests(n, seed):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backtests")
    os.makedirs(here, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        stem = os.path.join(here, f"case-{i:03d}")
        sc = write_backtest_case(rng, i, stem)
        for cmd, doc in (("simulate", simulate(sc)), ("backtest", backtest(sc))):
            with open(f"{stem}.{cmd}.json", "w") as f: json.dump(doc, f, separators=(",", ":")); f.write("\n")

def compare(exe, n, seed, instruments=False, transitions=False):
    rng = random.Random(seed); bad = 0
    for i in range(n):
        sc = rand_scenario(rng, i, instruments)
        if transitions: rand_transitions(rng, sc)
        path = f"/tmp/pricelab-reference-case{i}.ron"
        open(path, "w").write(to_ron(sc))
        r = subprocess.run([exe, "simulate", path, "--format", "json"], capture_output=True, text=True)
        if r.returncode != 0:
            print("case", i, "exit", r.returncode, r.stderr[:500]); bad += 1; continue
        got = json.loads(r.stdout); want = simulate(sc)
        if got != want:
            bad += 1
            print("case", i, "differs:", path, [k for k in want if got.get(k) != want[k]])
        else:
            os.remove(path)
    print(f"{n - bad}/{n} agree")
    return bad == 0

def generate(n, seed, folder="cases", instruments=False, transitions=False):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), folder)
    os.makedirs(here, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        sc = rand_scenario(rng, i, instruments)
        if transitions: rand_transitions(rng, sc)
        with open(os.path.join(here, f"case-{i:03d}.ron"), "w") as f: f.write(to_ron(sc) + "\n")
        with open(os.path.join(here, f"case-{i:03d}.json"), "w") as f: json.dump(simulate(sc), f, separators=(",", ":")); f.write("\n")

# The stored folders: (folder, cases, seed). `regenerate` rewrites them exactly as they are in git.
SEEDS = [("cases", 40, 1001), ("instruments", 40, 1002), ("backtests", 30, 1003), ("transitions", 40, 1004)]

def regenerate():
    here = os.path.dirname(os.path.abspath(__file__))
    for folder, n, seed in SEEDS:
        path = os.path.join(here, folder)
        for name in os.listdir(path) if os.path.isdir(path) else []:
            if name.startswith("case-"): os.remove(os.path.join(path, name))
        if folder == "backtests":
            generate_backtests(n, seed)
        else:
            generate(n, seed, folder, folder in ("instruments", "transitions"), folder == "transitions")

if __name__ == "__main__":
    if sys.argv[1] == "regenerate":
        regenerate()
    elif sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "crossovers":
        # Adds the crossover to the expected JSON of the existing cases (from their own bills).
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
        for name in sorted(os.listdir(here)):
            if not name.endswith(".json"): continue
            path = os.path.join(here, name)
            doc = json.load(open(path))
            add_crossovers(doc["plans"], doc["months"])
            with open(path, "w") as f: json.dump(doc, f, separators=(",", ":")); f.write("\n")
    elif sys.argv[1] == "generate-backtests":
        generate_backtests(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "backtests":
        sys.exit(0 if compare_backtests(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])) else 1)
    elif sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])) else 1)
    elif sys.argv[1] == "compare-instruments":
        # docs/semantics.md §3.4-3.5: roll-over, minimums and caps among the commitments.
        sys.exit(0 if compare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), True) else 1)
    elif sys.argv[1] == "compare-transitions":
        # docs/semantics.md §8: transitions between random plans (with every instrument).
        sys.exit(0 if compare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), True, True) else 1)
    elif sys.argv[1] == "generate-instruments":
        generate(int(sys.argv[2]), int(sys.argv[3]), "instruments", True)
    else:
        sys.exit(__doc__)
