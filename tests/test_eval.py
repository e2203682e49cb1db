"""`kg eval`: the scorer's figures on a user's own annotated articles."""
from __future__ import annotations

import json
from pathlib import Path

from kg.cli import main


def _pair(folder: Path, name: str, text: str, facts: list, negatives: list = ()) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"id": name, "facts": facts, "negatives": list(negatives)}))


def test_eval_prints_precision_recall_and_f1(tmp_path: Path, capsys):
    _pair(tmp_path, "a", "Canada imposed sanctions on Rosneft on Monday. Norway sold gas to Poland.",
          [{"s": ["Canada", "Ottawa"], "r": "sanctions", "o": ["Rosneft"]},
           {"s": ["Norway"], "r": "supplies", "o": ["Poland"]},
           {"s": ["Canada"], "r": "warns", "o": ["Iran"]}])
    assert main(["eval", str(tmp_path), "-v"]) == 0
    out = capsys.readouterr().out
    assert "a: FN  Canada --warns--> Iran" in out
    assert "all         1.000  0.667  0.800    2     2     3" in out
    assert out.strip().endswith("F1 0.800")


def test_eval_counts_false_assertions(tmp_path: Path, capsys):
    _pair(tmp_path, "b", "Washington sanctioned Alrosa in March.",
          [], [{"s": ["United States"], "r": "sanctions", "o": ["Alrosa"], "why": "planted"}])
    main(["eval", str(tmp_path), "-v"])
    out = capsys.readouterr().out
    assert "FALSE ASSERTION  United States --sanctions--> Alrosa" in out
    assert "false assertions 1" in out


def test_eval_without_gold_files_is_a_user_error(tmp_path: Path, capsys):
    assert main(["eval", str(tmp_path)]) == 2
    assert "no NAME.txt + NAME.json pairs" in capsys.readouterr().err


def test_no_false_assertion_on_the_annotated_sets():
    """416 articles written for kg with their traps (tests/data/eval/README.md):
    nothing they deny, plan or negate is asserted, and what is asserted is right."""
    from kg.evaluate import evaluate

    for name in ("sentences", "wire", "stories"):
        report = evaluate(Path(__file__).parent / "data" / "eval" / name, verbose=True)
        assert "false assertions 0" in report, report
        precision = float(next(line for line in report.splitlines() if line.startswith("all ")).split()[1])
        assert precision >= 0.92, report  # a floor: the sets stand at 0.94 to 1.00
