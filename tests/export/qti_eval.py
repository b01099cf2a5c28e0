"""A small QTI 2.1 response-processing interpreter, for the subset our items use.

It runs an exported ``assessmentItem`` on a response and returns its outcome variables, so the
tests can check that an LMS running the item scores it exactly as ``lesson.quiz.grading`` does.
Follows the QTI 2.1 information model: NULL propagates through operators, ``match`` compares
containers as sets (multiple) or sequences (ordered), ``mapResponse`` sums a mapping clamped to its
bounds, and a responseCondition runs the first branch whose expression is true.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

NS = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _tag(el: etree._Element) -> str:
    return el.tag.replace(NS, "")


def _kids(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _typed(base_type: str, text: str) -> Any:
    if base_type == "float":
        return float(text)
    if base_type == "integer":
        return int(text)
    if base_type == "boolean":
        return text.strip() == "true"
    return text.strip()


class Item:
    """One parsed ``assessmentItem``."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)
        self.responses: dict[str, dict[str, Any]] = {}
        self.outcomes: dict[str, Any] = {}
        for decl in self.root.iter(f"{NS}responseDeclaration"):
            base = decl.get("baseType")
            correct = [_typed(base, v.text) for v in decl.iterfind(f"{NS}correctResponse/{NS}value")]
            mapping = decl.find(f"{NS}mapping")
            self.responses[decl.get("identifier")] = {
                "cardinality": decl.get("cardinality"),
                "baseType": base,
                "correct": correct,
                "mapping": None
                if mapping is None
                else {
                    "lower": float(mapping.get("lowerBound")) if mapping.get("lowerBound") else None,
                    "upper": float(mapping.get("upperBound")) if mapping.get("upperBound") else None,
                    "default": float(mapping.get("defaultValue", "0")),
                    "entries": {e.get("mapKey"): float(e.get("mappedValue")) for e in mapping},
                },
            }
        for decl in self.root.iter(f"{NS}outcomeDeclaration"):
            default = decl.find(f"{NS}defaultValue/{NS}value")
            self.outcomes[decl.get("identifier")] = (
                None if default is None else _typed(decl.get("baseType"), default.text)
            )

    def correct_value(self, identifier: str) -> Any:
        decl = self.responses[identifier]
        values = decl["correct"]
        if decl["cardinality"] == "single":
            return values[0] if values else None
        if decl["cardinality"] == "multiple":
            return frozenset(values)
        return list(values)

    def run(self, responses: dict[str, Any], num_attempts: int = 1) -> dict[str, Any]:
        """Outcomes after response processing (defaults reset first, as for a non-adaptive item)."""
        values = {k: None for k in self.responses} | dict(responses) | {"numAttempts": num_attempts}
        outcomes = dict(self.outcomes)
        state = {"values": values, "outcomes": outcomes}
        processing = self.root.find(f"{NS}responseProcessing")
        for rule in _kids(processing):
            self._rule(rule, state)
        return outcomes

    def _rule(self, rule: etree._Element, state: dict) -> None:
        tag = _tag(rule)
        if tag == "setOutcomeValue":
            (expr,) = _kids(rule)
            state["outcomes"][rule.get("identifier")] = self._expr(expr, state)
        elif tag == "responseCondition":
            for branch in _kids(rule):
                parts = _kids(branch)
                if _tag(branch) == "responseElse" or self._expr(parts[0], state) is True:
                    for inner in parts if _tag(branch) == "responseElse" else parts[1:]:
                        self._rule(inner, state)
                    return
        else:
            raise NotImplementedError(tag)

    def _expr(self, el: etree._Element, state: dict) -> Any:  # one branch per operator
        tag, args = _tag(el), _kids(el)
        if tag == "baseValue":
            return _typed(el.get("baseType"), el.text)
        if tag == "variable":
            name = el.get("identifier")
            return state["outcomes"][name] if name in state["outcomes"] else state["values"].get(name)
        if tag == "correct":
            return self.correct_value(el.get("identifier"))
        if tag == "multiple":
            return frozenset(self._expr(a, state) for a in args)
        values = [self._expr(a, state) for a in args]
        if tag == "or":
            return True if any(v is True for v in values) else (None if None in values else False)
        if tag == "mapResponse":
            return self._map(el.get("identifier"), state["values"].get(el.get("identifier")))
        if None in values:
            return None
        if tag == "match":
            return values[0] == values[1]
        if tag == "sum":
            return sum(values)
        if tag == "divide":
            return None if values[1] == 0 else values[0] / values[1]
        if tag == "gte":
            return values[0] >= values[1]
        if tag == "index":
            n = int(el.get("n"))
            return values[0][n - 1] if 0 < n <= len(values[0]) else None
        if tag == "equal":
            assert el.get("toleranceMode") == "absolute"
            tolerances = [float(t) for t in el.get("tolerance").split()]
            low, high = tolerances[0], tolerances[-1]
            return values[1] - low <= values[0] <= values[1] + high
        raise NotImplementedError(tag)

    def _map(self, identifier: str, value: Any) -> float | None:
        mapping = self.responses[identifier]["mapping"]
        members = [] if value is None else ([value] if isinstance(value, str) else list(value))
        total = sum(mapping["entries"].get(m, mapping["default"]) for m in set(members))
        if mapping["lower"] is not None:
            total = max(total, mapping["lower"])
        if mapping["upper"] is not None:
            total = min(total, mapping["upper"])
        return total
