"""Writes usage.csv: two years (2024-01 to 2025-12) of monthly usage of 300 synthetic customers
of an AI customer-service agent, as a warehouse export would have it. Deterministic (seeded):
running it again writes the same file.

    python3 scenarios/backtest/generate.py

Each customer gets a size (conversations a month, spread over two orders of magnitude), a
seasonal shape (retail with a November-December peak, B2B with a summer dip, or flat), a yearly
growth between -15% and +60%, an AI that takes part in more conversations and resolves more of
them as the months go by (ramps of different lengths), and a support team re-sized every quarter
or half-year to its busiest month's human conversations (some keep a fixed team). Each month's
numbers carry noise: ±8% on volume, and the AI's shares drawn conversation by conversation.
"""
import math, os, random

rng = random.Random(20241)
SHAPES = {
    "retail": [0.85, 0.8, 0.85, 0.9, 0.95, 0.95, 0.9, 0.95, 1.0, 1.1, 1.35, 1.4],
    "b2b": [1.05, 1.1, 1.1, 1.05, 1.0, 0.9, 0.8, 0.8, 1.05, 1.1, 1.05, 0.9],
    "flat": [1.0] * 12,
}
PREFIX = ["Acme", "Blue", "Cedar", "Delta", "Echo", "Falcon", "Granite", "Harbor", "Iris", "Juniper", "Kite",
          "Lumen", "Maple", "Nimbus", "Orbit", "Pine", "Quartz", "River", "Summit", "Tide", "Umber", "Vista",
          "Willow", "Xenon", "Yarrow", "Zephyr"]
SUFFIX = ["Retail", "Telecom", "Bank", "Travel", "Health", "Energy", "Games", "Insurance", "Logistics", "Software",
          "Foods", "Fashion"]

def binomial(n, p):
    if n < 200:
        return sum(rng.random() < p for _ in range(n))
    return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))

def ramp(start, end, months, m):
    return end if months == 0 else start + (end - start) * min(1.0, m / months)

rows = []
names = set()
for i in range(300):
    while True:
        name = f"{rng.choice(PREFIX)} {rng.choice(SUFFIX)}"
        if name in names:
            name = f"{name} {rng.randint(2, 99)}"
        if name not in names:
            names.add(name); break
    size = math.exp(rng.uniform(math.log(300), math.log(60000)))
    shape = SHAPES[rng.choice(["retail", "retail", "b2b", "flat"])]
    growth = rng.uniform(-0.15, 0.6)
    ai = (rng.uniform(0.45, 0.8), rng.uniform(0.85, 0.98), rng.randint(4, 18))
    res = (rng.uniform(0.15, 0.4), rng.uniform(0.5, 0.8), rng.randint(10, 30))
    per_seat = rng.uniform(150, 400)
    term = rng.choice([3, 3, 6, 12])
    fixed = rng.random() < 0.2
    months = []
    for m in range(24):
        c = m % 12
        volume = size * shape[c] * (1 + growth) ** (m / 12) * math.exp(rng.gauss(0, 0.08) - 0.0032)
        conversations = max(0, round(volume))
        ai_conversations = binomial(conversations, ramp(*ai, m))
        resolutions = binomial(ai_conversations, ramp(*res, m))
        months.append([conversations, ai_conversations, resolutions, 0])
    first_seats = max(1, math.ceil(max(x[0] - x[2] for x in months[:term]) / per_seat * 1.1))
    for k in range(0, 24, term):
        block = months[k:k + term]
        if fixed or k == 0:
            seats = first_seats
        else:
            seats = max(2, math.ceil(max(x[0] - x[2] for x in block) / per_seat))
        for x in block:
            x[3] = seats
    for m, (conv, ai_c, res_c, seats) in enumerate(months):
        rows.append((name, f"{2024 + m // 12}-{m % 12 + 1:02d}", conv, ai_c, res_c, seats))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "usage.csv"), "w") as f:
    f.write("account,month,conversations,ai_conversations,resolutions,seats\n")
    for r in rows:
        f.write(",".join(str(x) for x in r) + "\n")
print(f"wrote {len(rows)} rows for {len(names)} customers")
