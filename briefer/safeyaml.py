"""YAML from files a stranger may have written, without alias bombs.

PyYAML's safe loader shares an aliased value rather than copying it, so
loading a "billion laughs" document is quick; the bomb goes off later, when
something walks the value (``str()`` of a title, pydantic validating a
list, a walk over the nodes for line numbers): 519 bytes of front matter
became 4 GB. :func:`load` counts every value the document would have with
its aliases expanded, on the composed nodes and in linear time, and refuses
the document past ``max_values``, as well as a recursive alias or nesting
too deep for the parser.
"""

from __future__ import annotations

from typing import Any

import yaml

CONFIG_VALUES = 100_000
"""Most values a sources.yaml may hold, aliases expanded (a config of 1,000 sources has about 20,000)."""
FRONT_MATTER_VALUES = 2_000
"""Most values an article's front matter may hold, aliases expanded."""


class YamlRefused(yaml.MarkedYAMLError):
    """The document is valid YAML that briefer will not expand; ``problem`` says why in one line."""


def compose(text: str, max_values: int) -> yaml.Node | None:
    """The document's node tree, checked: raises :class:`YamlRefused` or another ``yaml.YAMLError``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise YamlRefused(problem="nested too deeply") from None
    if node is not None:
        check(node, max_values)
    return node


def load(text: str, max_values: int) -> Any:
    """``yaml.safe_load(text)``, refused with :class:`YamlRefused` when its aliases expand past
    ``max_values`` values, when an alias refers to itself, or when it nests too deeply."""
    node = compose(text, max_values)
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except RecursionError:
        raise YamlRefused(problem="nested too deeply", problem_mark=node.start_mark) from None
    finally:
        loader.dispose()


def check(root: yaml.Node, max_values: int) -> int:
    """How many values ``root`` stands for with every alias expanded; :class:`YamlRefused` past
    ``max_values`` or on a recursive alias. Each node is counted once and its count reused, so
    the check is linear in the size of the file, whatever the aliases would expand to."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in open_nodes:
            raise YamlRefused(problem="an alias refers to the value that contains it", problem_mark=node.start_mark)
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > max_values:
                raise YamlRefused(
                    problem=f"more than {max_values} values once its aliases (*name) are expanded",
                    problem_mark=node.start_mark,
                )
        open_nodes.discard(key)
        sizes[key] = total
        return total

    try:
        return size(root)
    except RecursionError:
        raise YamlRefused(problem="nested too deeply", problem_mark=root.start_mark) from None
