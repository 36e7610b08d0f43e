"""Deconfliction: quality of person conflicts (plain, blind, anonlink/clkhash) and speed.

Quality: two agencies register noisy, partial views of one population drawn
with the demo generator's name material (vinculo.demo.names); the ground truth
says which of their records are one person. Every FGR record is checked
against DEA's registrations; precision and recall of the conflicts are swept
over the threshold, for plain matching (vinculo's matcher), blind matching
(vinculo's CLKs and keyed blocks) and anonlink + clkhash (the peer, in its own
venv under benchmarks/.peers/anonlink, on the same normalized names and dates).

Speed: with --targets registered (default 10 million), p50/p99 of one
identifier check and one fuzzy person check; with --events (default 1
million), one event check; with resident memory.

    .venv/bin/python benchmarks/deconflict.py [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vinculo.deconflict.blind import CommunityKey, encode_spec, spec_from_token_line
from vinculo.deconflict.blind_clk import (
    CLK_BITS,
    _date_alternatives,
    clk,
    deletion_neighbourhood,
    encode_person,
)
from vinculo.deconflict.blind_keys import block_token, feature_token
from vinculo.deconflict.checker import Checker, CheckSettings
from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.geo import event_keys
from vinculo.deconflict.index import key_hash
from vinculo.deconflict.model import (
    BlindPerson,
    Event,
    EventKind,
    PersonFeatures,
    Registration,
    Target,
    TargetKind,
    TargetSpec,
)
from vinculo.deconflict.person import (
    default_scorer,
    fallback_score,
    name_tokens,
    phonetic_code,
)
from vinculo.deconflict.registry import MemoryRegistry
from vinculo.demo import names as demo_names
from vinculo.names.lexicon import get_lexicon

PEER_DIR = Path(__file__).resolve().parent / ".peers" / "anonlink"
TODAY = date(2025, 6, 1)
DEA = Registration("DEA", "bench-dea", "DEA duty desk")
FGR = Registration("FGR", "bench-fgr", "FGR guardia")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# ---------------------------------------------------------------- population


def true_people(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """People with families: a quarter share both surnames with a sibling or parent."""
    people: list[dict[str, Any]] = []
    while len(people) < n:
        gender = rng.choice(["male", "female"])
        given = demo_names.pick_mexican_given(rng, gender)
        pat, mat = demo_names.pick_surname(rng), demo_names.pick_surname(rng)
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        people.append({"given": given, "pat": pat, "mat": mat, "born": born, "g": gender})
        if rng.random() < 0.25 and len(people) < n:  # a sibling or a son: hard negatives
            sib_given = demo_names.pick_mexican_given(rng, gender)
            delta = timedelta(
                days=rng.choice([rng.randrange(400, 4000), rng.randrange(7000, 11000)])
            )
            people.append(
                {"given": sib_given, "pat": pat, "mat": mat, "born": born + delta, "g": gender}
            )
    return people


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        return word[:i] + word[i + 1 :]
    if op < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourlnsm") + word[i + 1 :]


def render(rng: random.Random, p: dict[str, Any], eid: str) -> dict[str, Any]:
    """One agency's noisy record of a person (spelling, order, dropped parts, dates)."""
    given = list(p["given"])
    if len(given) > 1 and rng.random() < 0.3:
        given = given[:1]
    if rng.random() < 0.08 and given[0] in demo_names.HYPOCORISMS:
        given[0] = rng.choice(demo_names.HYPOCORISMS[given[0]])
    pat, mat = p["pat"], p["mat"]
    if rng.random() < 0.15:
        pat = _typo(rng, pat)
    if rng.random() < 0.08:
        given[0] = _typo(rng, given[0])
    form = rng.random()
    if form < 0.35:
        name = f"{' '.join(given)} {pat} {mat}"
    elif form < 0.65:
        name = f"{pat} {mat}, {' '.join(given)}".upper()
    elif form < 0.85:
        name = f"{' '.join(given)} {pat}"  # maternal surname dropped (U.S. form)
    else:
        name = f"{mat}, {' '.join(given)}"  # U.S. form filing the maternal surname last
    born: date = p["born"]
    props: dict[str, list[str]] = {"name": [name]}
    roll = rng.random()
    if roll < 0.6:
        props["birthDate"] = [born.isoformat()]
    elif roll < 0.7:
        props["birthDate"] = [str(born.year)]
    elif roll < 0.8 and born.day <= 12:
        props["birthDate"] = [f"{born.year}-{born.day:02d}-{born.month:02d}"]  # swapped
    elif roll < 0.85:
        props["birthDate"] = [(born + timedelta(days=rng.choice([-1, 1, 10]))).isoformat()]
    return {"id": eid, "schema": "Person", "properties": props}


def agency_views(
    seed: int, n: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[str, str]]]:
    rng = random.Random(seed)
    people = true_people(rng, n)
    dea, fgr, both = [], [], []
    for i, p in enumerate(people):
        in_dea, in_fgr = rng.random() < 0.55, rng.random() < 0.55
        if in_dea:
            dea.append(render(rng, p, f"dea-{i}"))
        if in_fgr:
            fgr.append(render(rng, p, f"fgr-{i}"))
        if in_dea and in_fgr:
            both.append((f"fgr-{i}", f"dea-{i}"))
    return dea, fgr, set(both)


# ---------------------------------------------------------------- quality


def scored_pairs(
    specs_a: list[TargetSpec],
    specs_b: list[TargetSpec],
    settings: CheckSettings,
    scorer: Callable[[PersonFeatures, PersonFeatures], float],
) -> tuple[dict[tuple[str, str], float], float]:
    registry = MemoryRegistry()
    ids: dict[str, str] = {}
    for i, spec in enumerate(specs_a):
        registry.add_target(Target(f"a{i}", spec, DEA))
        ids[f"a{i}"] = spec.source_id
    checker = Checker(registry, settings, scorer)
    out: dict[tuple[str, str], float] = {}
    t0 = time.perf_counter()
    for spec in specs_b:
        for hit in checker.check_target(spec, "FGR", TODAY):
            out[(spec.source_id, ids[hit.other.id])] = hit.score
    return out, (time.perf_counter() - t0) / max(1, len(specs_b))


def pr_curve(
    scores: dict[tuple[str, str], float], truth: set[tuple[str, str]]
) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) at every distinct score, best threshold first."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    tp = fp = 0
    curve = []
    for i, (pair, score) in enumerate(ranked):
        tp += pair in truth
        fp += pair not in truth
        if i + 1 == len(ranked) or ranked[i + 1][1] != score:
            curve.append((score, tp / (tp + fp), tp / len(truth)))
    return curve


def best_f1(curve: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return max(curve, key=lambda c: 2 * c[1] * c[2] / (c[1] + c[2]) if c[1] + c[2] else 0)


def recall_at(curve: list[tuple[float, float, float]], precision: float) -> float:
    return max((r for _, p, r in curve if p >= precision), default=0.0)


def run_peer(
    records_a: list[tuple[str, str, str]], records_b: list[tuple[str, str, str]], secret: str
) -> dict[tuple[str, str], float]:
    """clkhash + anonlink in their own venv, on the same normalized names and dates."""
    py = PEER_DIR / "bin" / "python"
    if not py.exists():
        print(f"creating the peer venv in {PEER_DIR} (anonlink, clkhash)")
        venv.create(PEER_DIR, with_pip=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "anonlink", "clkhash"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = {"a": records_a, "b": records_b, "secret": secret}
        Path(tmp, "in.json").write_text(json.dumps(data))
        Path(tmp, "peer.py").write_text(PEER_SCRIPT)
        out = subprocess.run(
            [str(py), "peer.py"], cwd=tmp, check=True, capture_output=True, text=True
        )
        rows = json.loads(out.stdout)
    return {(b, a): s for b, a, s in rows}


PEER_SCRIPT = r"""
import io, json, csv, sys, time
from clkhash import clk, schema
import anonlink
data = json.load(open("in.json"))
feature = lambda ident, n, bits, positional: {
    "identifier": ident, "format": {"type": "string", "encoding": "utf-8"},
    "hashing": {"comparison": {"type": "ngram", "n": n, "positional": positional},
                "strategy": {"bitsPerToken": bits}, "hash": {"type": "blakeHash"},
                "missingValue": {"sentinel": ""}}}
spec = {"version": 3, "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256",
        "salt": "U0NiTDJ6SE5ubXNja2Z6Y2hzTmtaWTlYb0hrOTZQL0c1blVCck03eWJ5bWw=",
        "info": "ZGVjb25mbGljdA==", "keySize": 64}},
        "features": [{"identifier": "id", "ignored": True}, feature("name", 2, 15, False),
                     feature("dob", 1, 30, True)]}
sch = schema.from_json_dict(spec)
def clks(rows):
    buf = io.StringIO(); w = csv.writer(buf); w.writerow(["id", "name", "dob"]); w.writerows(rows)
    buf.seek(0)
    return clk.generate_clk_from_csv(buf, data["secret"], sch, progress_bar=False)
t0 = time.perf_counter()
ca, cb = clks(data["a"]), clks(data["b"])
sims, (d0, d1), (r0, r1) = anonlink.candidate_generation.find_candidate_pairs(
    [cb, ca], anonlink.similarities.dice_coefficient_accelerated, 0.5)
print(f"peer: {len(sims)} candidate pairs in {time.perf_counter() - t0:.2f}s", file=sys.stderr)
out = [(data["b"][i][0], data["a"][j][0], s) for s, i, j in zip(sims, r0, r1)]
json.dump(out, sys.stdout)
"""


def quality(seed: int, n: int) -> None:
    dea, fgr, truth = agency_views(seed, n)
    specs_a = [target_from_entity(e) for e in dea]
    specs_b = [target_from_entity(e) for e in fgr]
    print(
        f"\n== person conflicts: {len(dea)} DEA vs {len(fgr)} FGR records, {len(truth)} true pairs"
    )
    scorer = default_scorer()
    scorer_name = "vinculo.match.compare" if scorer is not fallback_score else "fallback_score"
    low = CheckSettings(person_threshold=0.3, blind_threshold=0.02, prefilter=0.4, rerank_top=200)
    plain, plain_t = scored_pairs(specs_a, specs_b, low, scorer)
    key = CommunityKey("bench", b"community secret of the benchmark".ljust(32, b"."))
    blind_a = [spec_from_token_line(encode_spec(key, s)) for s in specs_a]
    blind_b = [spec_from_token_line(encode_spec(key, s)) for s in specs_b]
    blind, blind_t = scored_pairs(blind_a, blind_b, low, scorer)

    def rows(specs: list[TargetSpec]) -> list[tuple[str, str, str]]:
        return [
            (
                s.source_id,
                s.person.norm[0] if s.person else "",
                s.person.birth_dates[0] if s.person and s.person.birth_dates else "",
            )
            for s in specs
        ]

    t0 = time.perf_counter()
    peer = run_peer(rows(specs_a), rows(specs_b), "community secret of the benchmark")
    peer_t = (time.perf_counter() - t0) / len(specs_b)
    curves = {
        "plain": pr_curve(plain, truth),
        "blind": pr_curve(blind, truth),
        "anonlink": pr_curve(peer, truth),
    }
    thr, p_plain, r_plain = best_f1(curves["plain"])
    print(f"plain scorer: {scorer_name}; operating point = plain best F1 at threshold {thr:.3f}")
    head = ("system", "best-F1 thr", "P", "R", "F1", "R@P_plain", "ms/check")
    widths = (11, 6, 6, 6, 10, 9)
    print(f"{head[0]:<10} " + " ".join(f"{h:>{w}}" for h, w in zip(head[1:], widths, strict=True)))
    for name, t in (("plain", plain_t), ("blind", blind_t), ("anonlink", peer_t)):
        c = curves[name]
        th, p, r = best_f1(c)
        print(
            f"{name:<10} {th:>11.3f} {p:>6.3f} {r:>6.3f} {2 * p * r / (p + r):>6.3f} "
            f"{recall_at(c, p_plain):>10.3f} {1000 * t:>9.2f}"
        )
    ratio = recall_at(curves["blind"], p_plain) / r_plain
    print(
        f"blind recall / plain recall at plain precision {p_plain:.3f}: {ratio:.3f} "
        f"({'meets' if ratio >= 0.95 else 'MISSES'} the 0.95 target)"
    )
    peer_ratio = recall_at(curves["anonlink"], p_plain) / r_plain
    print(f"anonlink recall / plain recall at the same precision: {peer_ratio:.3f}")


def fit_blind(seed: int, n: int) -> None:
    """Fit the logistic weights of `blind_score` on candidate pairs of a training seed."""
    from sklearn.linear_model import LogisticRegression

    from vinculo.deconflict.blind_clk import BLIND_FEATURES, blind_features

    dea, fgr, truth = agency_views(seed, n)
    key = CommunityKey("fit", b"training key of the blind model".ljust(32, b"."))
    a = [spec_from_token_line(encode_spec(key, target_from_entity(e))) for e in dea]
    b = [spec_from_token_line(encode_spec(key, target_from_entity(e))) for e in fgr]
    everything = CheckSettings(blind_threshold=0.0)
    pairs, _ = scored_pairs(a, b, everything, fallback_score)
    person = {s.source_id: s.blind_person for s in a + b}
    keys = sorted(pairs)
    x = [blind_features(person[i], person[j]) for i, j in keys]  # type: ignore[arg-type]
    y = [pair in truth for pair in keys]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = [*model.coef_[0].tolist(), float(model.intercept_[0])]
    print(f"fitted on {len(keys)} candidate pairs ({sum(y)} true) of seed {seed}:")
    for name, w in zip((*BLIND_FEATURES, "intercept"), weights, strict=True):
        print(f"  {name:<16} {w:+.3f}")
    print("BLIND_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")


# ---------------------------------------------------------------- speed


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    p50, p99 = np.percentile(ms, 50), np.percentile(ms, 99)
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {ms.max():.2f} ms"


def speed_identifiers(n: int, queries: int) -> None:
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    reg = MemoryRegistry()
    rows = reg.add_bulk(n, TargetKind.PHONE, DEA, "t-ph-")
    numbers = 5_500_000_000 + np.arange(n, dtype=np.int64) * 7
    hashes = np.fromiter(
        (key_hash(f"phone:+52{x}") for x in numbers.tolist()), dtype=np.uint64, count=n
    )
    reg.keys.bulk_load(hashes, np.arange(rows.start, rows.stop, dtype=np.int64))
    del hashes
    build = time.perf_counter() - t0
    checker = Checker(reg, CheckSettings(), fallback_score)
    rng = random.Random(1)
    samples, found = [], 0
    for _ in range(queries):
        x = int(numbers[rng.randrange(n)]) + (0 if rng.random() < 0.5 else 3)
        spec = TargetSpec(TargetKind.PHONE, (f"phone:+52{x}",), "q")
        t = time.perf_counter()
        found += bool(checker.check_target(spec, "FGR", TODAY))
        samples.append(time.perf_counter() - t)
    print(
        f"identifier check, {n:,} targets (built in {build:.0f}s, "
        f"+{rss_mb() - before:,.0f} MB RSS, "
        f"key table {reg.keys.nbytes / 2**20:,.0f} MB): {percentiles(samples)} ({found} hits)"
    )


class BlindRows:
    """What the server holds for each blind person row, as `encode_person` makes it.

    A store keeps each row's `BlindPerson`; ten million of them cannot be
    encoded here, so a row's is assembled on fetch from per-token and per-date
    parts computed once (a name's CLK is the OR of its tokens' CLKs: the
    bigrams are per token). `check` compares a sample with `encode_person`.
    """

    def __init__(
        self,
        key: CommunityKey,
        vocab: list[str],
        n_given: int,
        toks: np.ndarray[Any, Any],
        born: np.ndarray[Any, Any],
        epoch: date,
    ) -> None:
        self.key, self.vocab, self.n_given, self.toks, self.born = key, vocab, n_given, toks, born
        self.epoch = epoch
        lex = get_lexicon()

        def tokens(purpose: str, values: set[str]) -> frozenset[str]:
            return frozenset(feature_token(key, purpose, v) for v in values)

        def strong(word: str) -> set[str]:
            return {"c:" + phonetic_code(lex.given_clusters.get(word, word)), "p:" + word[:3]}

        self.clk = [int.from_bytes(clk(key, w, ()), "big") for w in vocab]
        self.first = [
            (tokens("given", strong(w)), tokens("given_weak", {w[:2]}),
             tokens("given_typo", deletion_neighbourhood(w)))
            for w in vocab
        ]  # fmt: skip
        self.other = [tokens("given_other", strong(w)) for w in vocab]
        self.surname = [tokens("surname", {phonetic_code(w)}) for w in vocab]
        self.dates = {}
        for day in np.unique(born).tolist():
            dob = (epoch + timedelta(days=day)).isoformat()
            alt = _date_alternatives(dob) - {dob}
            self.dates[day] = (
                tuple(sorted(tokens("dob", {dob}))),
                tuple(sorted(tokens("year", {dob[:4]}))),
                tuple(sorted(tokens("dob", alt))),
            )

    def person(self, i: int) -> BlindPerson:
        g1, g2, pat, mat = self.toks[i].tolist()
        bits = 0
        for t in (g1, g2, pat, mat):
            if t >= 0:
                bits |= self.clk[t]
        given, weak, typo = self.first[g1]
        surnames = self.surname[pat] | (self.surname[mat] if mat >= 0 else frozenset())
        full, year, alt = self.dates[int(self.born[i])]
        return BlindPerson(
            clks=(bits.to_bytes(CLK_BITS // 8, "big"),),
            blocks=(),
            given=tuple(sorted(given)),
            given_weak=tuple(sorted(weak)),
            given_typo=tuple(sorted(typo)),
            given_other=tuple(sorted(self.other[g2])) if g2 >= 0 else (),
            surnames=tuple(sorted(surnames)),
            dob_full=full,
            dob_year=year,
            dob_alt=alt,
        )

    def check(self, rows: list[int], plain: Callable[[int], PersonFeatures]) -> float:
        """Share of ``rows`` whose assembled row equals `encode_person`'s (blocks aside)."""
        same = 0
        for i in rows:
            made = encode_person(self.key, plain(i))
            same += dataclasses.replace(made, blocks=()) == self.person(i)
        return same / len(rows)


def build_persons(
    n: int, key: CommunityKey | None = None
) -> tuple[MemoryRegistry, Callable[[int], PersonFeatures], BlindRows | None]:
    """``n`` registered persons (DEA) with Zipf-distributed names, and their features by row.

    With ``key`` they are registered blind: block tokens in the block table and
    `BlindPerson` rows (made by `BlindRows`); the plain features still make the queries.
    """
    block_hash = key_hash if key is None else (lambda text: key_hash(block_token(key, text)))
    rng = np.random.default_rng(7)
    vocab_g = sorted(
        {t for g in demo_names.MALE_GIVEN + demo_names.FEMALE_GIVEN for t in name_tokens(g)}
    )
    vocab_s = sorted({t for s in demo_names.SURNAMES for t in name_tokens(s)})
    vocab = vocab_g + vocab_s
    codes = sorted({phonetic_code(t) for t in vocab})
    code_of = np.array([codes.index(phonetic_code(t)) for t in vocab], dtype=np.int64)

    def zipf(k: int, size: int) -> np.ndarray[Any, np.dtype[np.int64]]:
        return np.minimum((k * rng.random(size) ** 1.8).astype(np.int64), k - 1)

    g1 = zipf(len(vocab_g), n)
    g2 = np.where(rng.random(n) < 0.35, zipf(len(vocab_g), n), -1)
    pat = len(vocab_g) + zipf(len(vocab_s), n)
    mat = np.where(rng.random(n) < 0.9, len(vocab_g) + zipf(len(vocab_s), n), -1)
    born = rng.integers(0, 20_000, n)
    year = 1950 + born // 365
    toks = np.stack([g1, g2, pat, mat], axis=1)
    nc = len(codes)
    pair_ids, pair_rows = [], []
    for i in range(4):
        for j in range(i + 1, 4):
            ok = (toks[:, i] >= 0) & (toks[:, j] >= 0)
            ci, cj = code_of[toks[ok, i]], code_of[toks[ok, j]]
            diff = ci != cj
            lo, hi = np.minimum(ci, cj)[diff], np.maximum(ci, cj)[diff]
            pair_ids.append(lo * nc + hi)
            pair_rows.append(np.nonzero(ok)[0][diff])
    pid = np.concatenate(pair_ids)
    prow = np.concatenate(pair_rows)
    del pair_ids, pair_rows
    # one person can hold the same code pair twice (José José): keep each (row, pair) once
    combo = np.unique(prow * (nc * nc) + pid)
    prow, pid = combo // (nc * nc), combo % (nc * nc)
    upid, inv = np.unique(pid, return_inverse=True)
    pp_hash = np.array(
        [block_hash(f"pp:{codes[p // nc]}|{codes[p % nc]}") for p in upid.tolist()],
        dtype=np.uint64,
    )
    yid = pid * 200 + (year[prow] - 1900)
    uy, yinv = np.unique(yid, return_inverse=True)
    py_hash = np.array(
        [
            block_hash(f"py:{codes[(v // 200) // nc]}|{codes[(v // 200) % nc]}|{1900 + v % 200}")
            for v in uy.tolist()
        ],
        dtype=np.uint64,
    )
    # pd:CODE|DATE for each token and the full birth date
    tok_rows = np.concatenate([np.nonzero(toks[:, i] >= 0)[0] for i in range(4)])
    tok_codes = np.concatenate([code_of[toks[toks[:, i] >= 0, i]] for i in range(4)])
    dkey = np.unique(tok_rows * nc + tok_codes)  # one person, one code: once
    drow, dcode = dkey // nc, dkey % nc
    did = dcode * 20_000 + born[drow]
    ud, dinv = np.unique(did, return_inverse=True)
    epoch = date(1950, 1, 1)
    pd_hash = np.array(
        [block_hash(f"pd:{codes[v // 20_000]}|{epoch + timedelta(days=int(v % 20_000))}")
         for v in ud.tolist()],
        dtype=np.uint64,
    )  # fmt: skip
    reg = MemoryRegistry()

    def person(i: int) -> PersonFeatures:
        words = [vocab[t] for t in toks[i].tolist() if t >= 0]
        text = " ".join(words)
        dob = (epoch + timedelta(days=int(born[i]))).isoformat()
        return PersonFeatures(names=(text,), norm=(text,), birth_dates=(dob,))

    blind = None
    if key is None:
        rows = reg.add_bulk(n, TargetKind.PERSON, DEA, "t-p-", person)
    else:
        blind = BlindRows(key, vocab, len(vocab_g), toks, born, epoch)
        rows = reg.add_bulk(n, TargetKind.PERSON, DEA, "t-p-", blind.person, key.key_id)
    hashes = np.concatenate([pp_hash[inv], py_hash[yinv], pd_hash[dinv]])
    del inv, yinv, dinv, pid, yid, did, combo, dkey
    block_rows = np.concatenate([prow, prow, drow]) + rows.start
    del prow, drow
    gc.collect()
    reg.blocks.bulk_load(hashes, block_rows)
    return reg, person, blind


def person_queries(
    n: int, queries: int, person: Callable[[int], PersonFeatures]
) -> list[tuple[str, TargetSpec]]:
    """FGR's records of registered persons (id of the original, spec): exact, one surname
    dropped, or a typo in the last name, in turn."""
    prng = random.Random(3)
    out = []
    for q in range(queries):
        i = prng.randrange(n)
        p = person(i)
        words = p.norm[0].split()
        if q % 3 == 1:
            words = words[:-1] if len(words) > 2 else words  # dropped maternal surname
        if q % 3 == 2:
            words[-1] = _typo(prng, words[-1])
        spec = target_from_entity(
            {
                "id": f"q{q}",
                "schema": "Person",
                "properties": {"name": [" ".join(words)], "birthDate": list(p.birth_dates)},
            }
        )
        out.append((f"t-p-{i}", spec))
    return out


def speed_persons(n: int, queries: int, scorer_name: str, blind: bool = False) -> None:
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    key = CommunityKey("bench", b"community secret of the benchmark".ljust(32, b"."))
    reg, person, rows = build_persons(n, key if blind else None)
    build = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # as a long-running server does after loading: no GC pass walks the registry
    checker = Checker(reg, CheckSettings(), default_scorer())
    asked = person_queries(n, queries, person)
    if rows is not None:
        asked = [(o, spec_from_token_line(encode_spec(key, s))) for o, s in asked]
        same = rows.check(list(range(0, n, max(1, n // 300))), person)
        mode = f"blind (CLK Dice + keyed tokens; {same:.0%} of sampled rows equal encode_person)"
    else:
        mode = f"plain ({scorer_name})"
    for _, spec in asked[:20]:  # warm the caches and the matcher model
        checker.check_target(spec, "FGR", TODAY)
    samples, cpu, found = [], [], 0
    for original, spec in asked:
        t, c = time.perf_counter(), time.process_time()
        hits = checker.check_target(spec, "FGR", TODAY)
        samples.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        found += any(h.other.id == original for h in hits)
    print(
        f"fuzzy person check, {mode}: {n:,} person targets (built in {build:.0f}s, "
        f"+{rss_mb() - before:,.0f} MB RSS, block table {reg.blocks.nbytes / 2**20:,.0f} MB, "
        f"{len(reg.blocks):,} block entries): wall {percentiles(samples)}; CPU "
        f"{percentiles(cpu)} (the registered original found {found}/{len(asked)}; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    del reg, checker, asked
    gc.unfreeze()
    gc.collect()


CITIES = [
    (32.52, -117.04),
    (31.69, -106.42),
    (25.68, -100.31),
    (24.80, -107.39),
    (20.67, -103.35),
    (19.43, -99.13),
    (29.42, -98.49),
    (33.45, -112.07),
    (34.05, -118.24),
    (27.50, -99.51),
    (29.76, -95.37),
    (41.88, -87.63),
]


def speed_events(n: int, queries: int) -> None:
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    rng = random.Random(5)
    reg = MemoryRegistry()
    start0 = datetime(2025, 1, 1, tzinfo=UTC)

    def random_event(i: int, registration: Registration) -> Event:
        lat, lon = rng.choice(CITIES)
        start = start0 + timedelta(minutes=rng.randrange(365 * 24 * 60))
        return Event(
            f"e{i}",
            rng.choice(list(EventKind)),
            lat + rng.gauss(0, 0.15),
            lon + rng.gauss(0, 0.15),
            rng.choice([100, 200, 300, 500, 1000, 2000]),
            start,
            start + timedelta(hours=rng.choice([1, 2, 4, 8, 12, 48])),
            registration,
        )

    hashes, rows = [], []
    for i in range(n):
        event = random_event(i, DEA)
        reg.events.append(event)
        for k in event_keys(event.lat, event.lon, event.radius_m, event.start, event.end):
            hashes.append(key_hash(k))
            rows.append(i)
    reg.registration_row(DEA)
    reg.event_cells.bulk_load(np.array(hashes, dtype=np.uint64), np.array(rows, dtype=np.int64))
    del hashes, rows
    build = time.perf_counter() - t0
    checker = Checker(reg, CheckSettings(), fallback_score)
    samples, hits = [], 0
    for q in range(queries):
        event = random_event(n + q, FGR)
        t = time.perf_counter()
        hits += len(checker.check_event(event, TODAY))
        samples.append(time.perf_counter() - t)
    print(
        f"event check, {n:,} events (built in {build:.0f}s, +{rss_mb() - before:,.0f} MB RSS, "
        f"{len(reg.event_cells):,} cell-day keys): {percentiles(samples)} "
        f"({hits / queries:.1f} overlaps/check)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--people", type=int, default=6_000, help="true people in the quality set")
    parser.add_argument("--targets", type=int, default=10_000_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--fit-blind", action="store_true", help="fit blind_score's weights")
    parser.add_argument(
        "--person-modes", nargs="+", default=["plain", "blind"], choices=["plain", "blind"]
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["quality", "ids", "persons", "events"]
    )
    args = parser.parse_args()
    if args.fit_blind:
        fit_blind(101, 6_000)
        return
    if args.quick:
        args.people, args.targets, args.events, args.queries = 1_500, 200_000, 50_000, 300
    if "quality" not in args.skip:
        quality(29, args.people)  # blind weights were set looking at seed 11 only
    print("\n== speed (one core)")
    if "ids" not in args.skip:
        speed_identifiers(args.targets, args.queries)
    if "persons" not in args.skip:
        scorer_name = (
            "vinculo.match.compare" if default_scorer() is not fallback_score else "fallback_score"
        )
        for mode in args.person_modes:
            speed_persons(args.targets, min(args.queries, 1000), scorer_name, mode == "blind")
    if "events" not in args.skip:
        speed_events(args.events, args.queries)


if __name__ == "__main__":
    main()
