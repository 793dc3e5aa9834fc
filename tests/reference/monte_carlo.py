"""An independent Monte Carlo reference for pricelab, written from docs/monte-carlo.md and the billing
rules of docs/format.md (via reference.py, this folder's independent biller), sharing no code with the
Rust engine and never running it.

    pip install numpy
    python3 tests/reference/monte_carlo.py generate    # rewrites tests/reference/monte_carlo/

For every scenario below it draws REPLICATES × TRIALS futures (vectorised over trials with numpy),
bills them, and writes NAME.ron (and NAME.csv for recorded usage) with NAME.expected.json:

- `stats`: per plan, the mean, P10, P50 and P90 of the total and of three months' bills, and the
  chance over a budget and the highest month's P90 — each with `value` (from all the futures) and
  `sd`, the standard deviation of that figure between runs of TRIALS futures (over REPLICATES
  runs): how far pricelab's figure from TRIALS trials of its own may honestly be from `value`.
- `controls`: the same figures from one run of TRIALS futures of other models. `same-model` is the
  right model with another seed: the check must accept it. The others are deliberately wrong and
  the check must reject them: `no-mean-correction` draws volume × exp(σZ) (without the −σ²/2 that
  keeps its average), `monthly-shift` redraws the resolution-rate shift every month instead of once
  per trial.

Every random draw comes from numpy's PCG64 seeded with SEED (recorded in the JSON); running
`generate` again rewrites the same files (numpy >= 1.17 keeps its streams stable).
The Rust test tests/it/reference_mc.rs compares pricelab with these files.
"""
import json, math, os, sys
from decimal import Decimal as D
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as ref  # noqa: E402  the independent biller's RON writer

TRIALS = 2000
REPLICATES = 100
SEED = 20261207
METRICS = ["Seats", "Conversations", "AiConversations", "Resolutions"]
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "monte_carlo")


# ---------- money, prices and bills over arrays of futures (docs/format.md) ----------

def r2(x):
    """To the cent, halves away from zero."""
    return np.sign(x) * np.floor(np.abs(x) * 100 + 0.5) / 100


def price(p, q):
    kind = p[0]
    if kind == "PerUnit":
        return q * float(p[1])
    if kind == "Package":
        return np.ceil(q / p[1]) * float(p[2])
    tiers = p[1]
    if kind == "Graduated":
        total, lower = np.zeros_like(q), 0
        for up, unit, flat in tiers:
            upper = q if up is None else np.minimum(up, q)
            n = np.maximum(0, upper - lower)
            total = total + n * float(unit) + np.where(n > 0, float(flat), 0.0)
            if up is None:
                break
            lower = max(lower, up)
        return total
    # Volume: every unit at the price of the tier the quantity falls in; nothing for nothing.
    out, done = np.zeros_like(q), np.zeros(q.shape, bool)
    for up, unit, flat in tiers:
        here = ~done & (True if up is None else q <= up)
        out = np.where(here, q * float(unit) + float(flat), out)
        done |= here
    return np.where(q == 0, 0.0, out)


def bill(plan, months):
    """One account's bill of every month (shape months × futures) under `plan`."""
    left, bal, spent = {}, {}, {}
    disc = 1 - float(plan["discount"])
    out = np.zeros((len(months), len(months[0]["Seats"])))
    for m, u in enumerate(months):
        rem = {k: u[k].astype(float) for k in METRICS}
        for i, c in enumerate(plan["commitments"]):
            if c["kind"] == "Bundle":
                if m % c["term"] == 0:
                    carry = np.floor(float(c.get("rollover", D(0))) * left[i]) if m > 0 else 0.0
                    left[i] = c["units"] + carry
                cov = np.minimum(rem[c["metric"]], left[i])
                rem[c["metric"]] = rem[c["metric"]] - cov
                left[i] = left[i] - cov
        owed = []
        for c in plan["charges"]:
            if c["kind"] == "Usage":
                amt = price(c["price"], np.maximum(0, rem[c["metric"]] - c["included"]))
            else:
                amt = np.full(out.shape[1], float(c["amount"]))
            owed.append(r2(amt * disc))
        charged = sum(owed)
        total = charged.copy()

        def take(covers, budget):
            got = 0.0
            for j, ch in enumerate(plan["charges"]):
                if ch["kind"] == "Usage" and ch["metric"] in covers:
                    t = np.minimum(owed[j], budget)
                    owed[j] = owed[j] - t
                    budget = budget - t
                    got = got + t
            return got, budget

        for i, c in enumerate(plan["commitments"]):
            pos, amt, term = m % c["term"], float(c["amount"]), c["term"]
            if c["kind"] in ("Bundle", "Commit"):
                if c["billing"] == "Upfront":
                    total = total + (amt if pos == 0 else 0.0)
                else:
                    share = float(r2(np.float64(amt / term)))
                    total = total + (amt - share * (term - 1) if pos == term - 1 else share)
            if c["kind"] == "Commit":
                if pos == 0:
                    bal[i] = amt + (r2(float(c.get("rollover", D(0))) * bal[i]) if m > 0 else 0.0)
                drawn, bal[i] = take(c["covers"], bal[i])
                total = total - drawn
            elif c["kind"] == "Minimum":
                if pos == 0:
                    spent[i] = 0.0
                spent[i] = spent[i] + charged
                if pos == term - 1:
                    total = total + np.maximum(0.0, amt - spent[i])
            elif c["kind"] == "Cap":
                owing = sum((owed[j] for j, ch in enumerate(plan["charges"])
                             if ch["kind"] == "Usage" and ch["metric"] in c["covers"]), np.zeros(out.shape[1]))
                credited, _ = take(c["covers"], np.maximum(0.0, owing - amt))
                total = total - credited
        out[m] = total
    return out


# ---------- one account's futures (docs/monte-carlo.md, "One trial") ----------

def draw(sc, a, n, rng, model, recorded=()):
    """The usage of one account in `n` futures: a list, per month, of arrays per metric."""
    sim = sc["simulation"]
    sv, sr = sim["volume_noise"], sim["resolution_noise"]
    y, mo = map(int, sc["start"].split("-"))
    shift = sr * rng.standard_normal(n)
    months = []
    for r in recorded:
        conv, ai, res, seats = r
        months.append({"Conversations": np.full(n, conv), "AiConversations": np.full(n, ai),
                       "Resolutions": np.full(n, res), "Seats": np.full(n, seats)})
    for m in range(len(recorded), sc["months"]):
        cal = (mo - 1 + m) % 12
        v = a["conversations"] * a["seasonality"][cal] * (1 + a["growth"]) ** (m / 12)
        z = rng.standard_normal(n)
        correction = 0.0 if model == "no-mean-correction" else sv * sv / 2
        conv = np.floor(v * np.exp(sv * z - correction) + 0.5).astype(np.int64)
        ai = rng.binomial(conv, ref.ramp(a["ai"], m))
        s = sr * rng.standard_normal(n) if model == "monthly-shift" else shift
        res = rng.binomial(ai, np.clip(ref.ramp(a["res"], m) + s, 0.0, 1.0))
        months.append({"Conversations": conv, "AiConversations": ai, "Resolutions": res, "Seats": None})
    h = len(recorded)
    s = a["seats"]
    if s[0] == "Fixed":
        for u in months[h:]:
            u["Seats"] = np.full(n, s[1])
    else:
        _, first, per_seat, minimum, term = s
        for k in range(0, sc["months"], term):
            chunk = months[k:k + term]
            if k < h:  # the term holding the last recorded month keeps its seats to its end
                for u in months[h:k + term]:
                    u["Seats"] = months[h - 1]["Seats"]
                continue
            if k == 0:
                seats = np.full(n, first)
            else:
                peak = np.max([u["Conversations"] - u["Resolutions"] for u in chunk], axis=0)
                seats = np.maximum(minimum, np.ceil(peak / per_seat))
            for u in chunk:
                u["Seats"] = seats
    return months


def futures(sc, n, rng, model):
    """Per plan: the portfolio's bills (months × n) and the watched account's (or None)."""
    plans = sc["plans"]
    port = [np.zeros((sc["months"], n)) for _ in plans]
    watched = [None for _ in plans]
    for a in sc["accounts"]:
        for k in range(a["count"]):
            months = draw(sc, a, n, rng, model, sc.get("recorded", {}).get(a["name"], ()))
            for p, plan in enumerate(plans):
                b = bill(plan, months)
                port[p] += b
                if k == 0 and a["name"] == sc.get("budget_account"):
                    watched[p] = b
    return port, watched


# ---------- the figures (docs/monte-carlo.md, "What the trials give") ----------

def rank(values, k):
    """Nearest-rank percentile along the last axis."""
    n = values.shape[-1]
    return np.sort(values, axis=-1)[..., max(1, math.ceil(k * n / 100)) - 1]


def figures(sc, port, watched):
    """Every figure, as arrays over the leading axes (the last axis is the futures)."""
    out = {}
    months = sc["months"]
    for p, plan in enumerate(sc["plans"]):
        name = plan["name"]
        bills = port[p]
        total = bills.sum(axis=0)
        out[(name, "total mean")] = total.mean(axis=-1)
        for k in (10, 50, 90):
            out[(name, f"total p{k}")] = rank(total, k)
        for m in sorted({0, months // 2, months - 1}):
            out[(name, f"month {m} mean")] = bills[m].mean(axis=-1)
            out[(name, f"month {m} p10")] = rank(bills[m], 10)
            out[(name, f"month {m} p90")] = rank(bills[m], 90)
        seen = watched[p] if sc.get("budget_account") else bills
        worst = seen.max(axis=0)
        out[(name, "chance over budget")] = (worst > float(sc["budget"])).mean(axis=-1)
        out[(name, "highest month p90")] = rank(worst, 90)
    return out


def split(port, watched, r):
    """The same futures as `r` runs of futures each (futures axis → runs × futures)."""
    shape = lambda x: None if x is None else x.reshape(x.shape[:-1] + (r, x.shape[-1] // r))
    return [shape(x) for x in port], [shape(x) for x in watched]


def expected(sc, seed):
    rng = np.random.Generator(np.random.PCG64(seed))
    stats = {}
    port, watched = [], []
    # In chunks of 20 runs, to keep memory small.
    for chunk in range(REPLICATES // 20):
        p, w = futures(sc, 20 * TRIALS, rng, "right")
        port.append(p)
        watched.append(w)
    joined_p = [np.concatenate([c[i] for c in port], axis=-1) for i in range(len(sc["plans"]))]
    joined_w = [None if watched[0][i] is None else np.concatenate([c[i] for c in watched], axis=-1)
                for i in range(len(sc["plans"]))]
    pooled = figures(sc, joined_p, joined_w)
    runs = figures(sc, *split(joined_p, joined_w, REPLICATES))
    for key, value in pooled.items():
        stats[key] = dict(plan=key[0], figure=key[1], value=float(value), sd=float(np.std(runs[key], ddof=1)))
    controls = {}
    for i, model in enumerate(["same-model", "no-mean-correction", "monthly-shift"]):
        rng = np.random.Generator(np.random.PCG64(seed + 1 + i))
        p, w = futures(sc, TRIALS, rng, "right" if model == "same-model" else model)
        controls[model] = [dict(plan=k[0], figure=k[1], value=float(v)) for k, v in figures(sc, p, w).items()]
    return list(stats.values()), controls


# ---------- the scenarios ----------

def account(name, count, conversations, ai, res, seats, growth=0.0, seasonality=None, agent_cost="4000"):
    return dict(name=name, count=count, conversations=float(conversations),
                seasonality=seasonality or [1.0] * 12, growth=growth,
                ai=dict(start=ai[0], end=ai[1], months=ai[2]), res=dict(start=res[0], end=res[1], months=res[2]),
                seats=seats, agent_cost=D(agent_cost))


def usage(name, metric, p, included=0):
    return dict(kind="Usage", name=name, metric=metric, included=included, price=p)


def plan(name, charges, commitments=(), discount="0"):
    return dict(name=name, charges=list(charges), commitments=list(commitments), discount=D(discount))


SEASONS = [1.1, 0.95, 1.0, 0.9, 0.85, 0.8, 0.85, 0.9, 1.0, 1.1, 1.25, 1.4]


def scenarios():
    noisy = dict(
        name="MC noisy portfolio", start="2027-01", months=36, per_ai=D("0.20"),
        simulation=dict(volume_noise=0.3, resolution_noise=0.15), budget=D("105000"),
        accounts=[
            account("Small", 20, 800, (0.6, 0.9, 12), (0.5, 0.85, 24), ("Staffed", 6, 150.0, 1, 6),
                    growth=0.1, seasonality=SEASONS),
            account("Large", 3, 20000, (0.9, 0.9, 0), (0.8, 0.92, 12), ("Fixed", 40)),
        ],
        plans=[
            plan("Seats", [usage("Seats", "Seats", ("PerUnit", D("139")))]),
            plan("Per conversation", [usage("Seats", "Seats", ("PerUnit", D("50"))),
                                      usage("Conversations", "Conversations", ("PerUnit", D("0.45")))]),
            plan("Per resolution", [dict(kind="Fee", name="Platform", amount=D("500")),
                                    usage("Resolutions", "Resolutions", ("PerUnit", D("0.99")))]),
            plan("Bucket", [usage("Overage", "Resolutions", ("PerUnit", D("1.20")))],
                 [dict(kind="Bundle", name="Annual bucket", metric="Resolutions", units=6000,
                       amount=D("5400"), term=12, billing="Upfront", rollover=D("0.5"))]),
            plan("Commit", [usage("Resolutions", "Resolutions",
                                  ("Graduated", [(20000, D("1.10"), D(0)), (None, D("0.80"), D(0))])),
                            usage("Seats", "Seats", ("PerUnit", D("85")))],
                 [dict(kind="Commit", name="Spend commitment", amount=D("6000"), term=12, billing="Monthly",
                       covers=["Resolutions", "Seats"], rollover=D("0.25"))], discount="0.1"),
        ])
    guarded = dict(
        name="MC minimum and cap", start="2026-07", months=24, per_ai=D("0.15"),
        simulation=dict(volume_noise=0.4, resolution_noise=0.1), budget=D("9000"), budget_account="Mid",
        accounts=[
            account("Mid", 5, 6000, (0.7, 0.95, 6), (0.6, 0.75, 12), ("Staffed", 20, 300.0, 4, 3),
                    seasonality=SEASONS),
            account("Tiny", 8, 150, (1.0, 1.0, 0), (0.95, 0.95, 0), ("Fixed", 2)),
        ],
        plans=[
            plan("Volume tiers", [usage("Resolutions", "Resolutions",
                                        ("Volume", [(2000, D("1.00"), D(0)), (5000, D("0.90"), D("50")),
                                                    (None, D("0.75"), D("200"))]))]),
            plan("Minimum", [usage("Conversations", "Conversations", ("Package", 100, D("40")), included=500)],
                 [dict(kind="Minimum", name="Quarterly minimum", amount=D("20000"), term=3)]),
            plan("Capped", [usage("Resolutions", "Resolutions", ("PerUnit", D("1.50"))),
                            dict(kind="Fee", name="Base", amount=D("250"))],
                 [dict(kind="Cap", name="Cap", amount=D("5000"), term=1, covers=["Resolutions"])]),
        ])
    recorded = dict(
        name="MC recorded customers", start="2025-01", months=24, per_ai=D("0.10"),
        simulation=dict(volume_noise=0.2, resolution_noise=0.12), budget=D("40000"),
        accounts=[
            account("Acme", 1, 30000, (0.8, 0.9, 6), (0.55, 0.8, 18), ("Staffed", 90, 250.0, 10, 4), growth=0.05),
            account("Globex", 1, 9000, (0.95, 0.95, 0), (0.7, 0.7, 0), ("Staffed", 30, 200.0, 5, 6)),
            account("Profile", 4, 2000, (0.9, 0.9, 0), (0.6, 0.9, 12), ("Fixed", 5)),
        ],
        recorded={
            "Acme": [(29000 + 700 * m, 23000 + 600 * m, 12000 + 500 * m, 95 - m) for m in range(7)],
            "Globex": [(8800 + 50 * m, 8300 + 40 * m, 5800 + 30 * m, 31) for m in range(7)],
        },
        plans=[
            plan("Seats", [usage("Seats", "Seats", ("PerUnit", D("120")))]),
            plan("Per resolution", [usage("Resolutions", "Resolutions", ("PerUnit", D("0.99")))]),
            plan("Monthly bucket", [usage("Overage", "Resolutions", ("PerUnit", D("1.10")))],
                 [dict(kind="Bundle", name="Bucket", metric="Resolutions", units=20000, amount=D("17000"),
                       term=1, billing="Monthly")]),
        ])
    return [("noisy-portfolio", noisy), ("minimum-and-cap", guarded), ("recorded", recorded)]


def write(stem, sc):
    """The scenario as pricelab reads it (RON, and its usage file for recorded months)."""
    text = ref.to_ron(sc)[:-1]
    sim = sc["simulation"]
    text += (f", simulation: (trials: {TRIALS}, seed: 1, volume_noise: {sim['volume_noise']!r}, "
             f"resolution_noise: {sim['resolution_noise']!r})")
    if sc.get("recorded"):
        text += f', history: "{os.path.basename(stem)}.csv"'
        y, mo = map(int, sc["start"].split("-"))
        with open(stem + ".csv", "w") as f:
            f.write("account,month,conversations,ai_conversations,resolutions,seats\n")
            for name, rows in sc["recorded"].items():
                for m, r in enumerate(rows):
                    f.write(f"{name},{y + (mo - 1 + m) // 12:04d}-{(mo - 1 + m) % 12 + 1:02d},{r[0]},{r[1]},{r[2]},{r[3]}\n")
    with open(stem + ".ron", "w") as f:
        f.write(text + ")\n")


def generate():
    os.makedirs(HERE, exist_ok=True)
    for i, (stem, sc) in enumerate(scenarios()):
        seed = SEED + 100 * i
        write(os.path.join(HERE, stem), sc)
        stats, controls = expected(sc, seed)
        doc = dict(trials=TRIALS, replicates=REPLICATES, seed=seed, numpy=np.__version__,
                   budget=str(sc["budget"]), budget_account=sc.get("budget_account"),
                   stats=stats, controls=controls)
        with open(os.path.join(HERE, stem + ".expected.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(stem, "written")


if __name__ == "__main__":
    if sys.argv[1:] == ["generate"]:
        generate()
    else:
        sys.exit(__doc__)
